package io.computeregister.bittensor.subtensor;

import java.math.BigDecimal;
import java.math.BigInteger;

/** The chain counts balances in rao; 1 TAO (and 1 alpha) = 10^9 rao. */
public final class Rao {
    public static final long PER_TAO = 1_000_000_000L;

    private Rao() {}

    /** An unsigned u64 amount of rao as TAO. */
    public static double toTao(long unsignedRao) {
        return toTao(new BigInteger(Long.toUnsignedString(unsignedRao)));
    }

    public static double toTao(BigInteger rao) {
        return new BigDecimal(rao).movePointLeft(9).doubleValue();
    }
}
