package io.computeregister.miner.allocation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The ledger's answer to "may this request take resources on this host now?": {@link Granted}, or {@link Refused}
 * with every {@link Shortage}, not just the first. {@link Ledger#admit} records the allocation only when granted;
 * a probe asks the same question without recording anything.
 */
public sealed interface Admission {

    boolean fits();

    /** Empty when granted. */
    List<Shortage> shortages();

    /** One line for a log or an error reply. */
    String reason();

    record Granted() implements Admission {
        @Override
        public boolean fits() {
            return true;
        }

        @Override
        public List<Shortage> shortages() {
            return List.of();
        }

        @Override
        public String reason() {
            return "fits";
        }
    }

    record Refused(List<Shortage> shortages) implements Admission {
        public Refused {
            if (shortages.isEmpty()) {
                throw new IllegalArgumentException("a refusal needs at least one shortage");
            }
            shortages = List.copyOf(shortages);
        }

        @Override
        public boolean fits() {
            return false;
        }

        @Override
        public String reason() {
            return shortages.stream().map(Shortage::reason).collect(Collectors.joining("; "));
        }
    }
}
