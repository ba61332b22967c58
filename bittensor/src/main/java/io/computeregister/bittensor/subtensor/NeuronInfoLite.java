package io.computeregister.bittensor.subtensor;

import io.computeregister.bittensor.scale.AccountId;
import io.computeregister.bittensor.scale.ScaleReader;
import java.math.BigInteger;
import java.util.List;

/**
 * One neuron as {@code NeuronInfoRuntimeApi_get_neurons_lite} returns it. Field order is the SCALE order (subtensor
 * {@code rpc_info/neuron_info.rs}); the u16 scores are kept raw (divide by 65535 for Python's float), balances in rao.
 */
public record NeuronInfoLite(
        AccountId hotkey,
        AccountId coldkey,
        int uid,
        int netuid,
        boolean active,
        AxonInfo axon,
        PrometheusInfo prometheus,
        List<Stake> stake,
        int rank,
        long emissionRao,
        int incentive,
        int consensus,
        int trust,
        int validatorTrust,
        int dividends,
        long lastUpdate,
        boolean validatorPermit,
        int pruningScore) {

    /**
     * One {@code (AccountId, Compact<u64>)} stake entry. Current runtimes send a single entry, the owner coldkey with the
     * hotkey's alpha stake on this subnet; older ones listed every nominator.
     */
    public record Stake(AccountId coldkey, long rao) {
        static Stake read(ScaleReader r) {
            return new Stake(r.accountId(), r.compactU64());
        }
    }

    public NeuronInfoLite {
        stake = List.copyOf(stake);
    }

    /** Reads one {@code NeuronInfoLite}. */
    public static NeuronInfoLite read(ScaleReader r) {
        return new NeuronInfoLite(
                r.accountId(),
                r.accountId(),
                r.compactU16(),
                r.compactU16(),
                r.bool(),
                AxonInfo.read(r),
                PrometheusInfo.read(r),
                r.vec(Stake::read),
                r.compactU16(),
                r.compactU64(),
                r.compactU16(),
                r.compactU16(),
                r.compactU16(),
                r.compactU16(),
                r.compactU16(),
                r.compactU64(),
                r.bool(),
                r.compactU16());
    }

    /** The sum of all stake entries in rao (Python's {@code total_stake}); a BigInteger since u64s can overflow a sum. */
    public BigInteger totalStakeRao() {
        BigInteger sum = BigInteger.ZERO;
        for (Stake s : stake) {
            sum = sum.add(new BigInteger(Long.toUnsignedString(s.rao())));
        }
        return sum;
    }

    public double totalStakeTao() {
        return Rao.toTao(totalStakeRao());
    }
}
