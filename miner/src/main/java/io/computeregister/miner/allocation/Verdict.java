package io.computeregister.miner.allocation;

import java.util.List;
import java.util.stream.Collectors;

/** Whether a request fits the host now; an unfit verdict lists every shortfall, not just the first. */
public sealed interface Verdict {

    boolean fits();

    /** Empty when it fits. */
    List<Shortfall> shortfalls();

    /** One line for a log or an error reply. */
    String reason();

    record Fits() implements Verdict {
        @Override
        public boolean fits() {
            return true;
        }

        @Override
        public List<Shortfall> shortfalls() {
            return List.of();
        }

        @Override
        public String reason() {
            return "fits";
        }
    }

    record Unfit(List<Shortfall> shortfalls) implements Verdict {
        public Unfit {
            if (shortfalls.isEmpty()) {
                throw new IllegalArgumentException("an unfit verdict needs at least one shortfall");
            }
            shortfalls = List.copyOf(shortfalls);
        }

        @Override
        public boolean fits() {
            return false;
        }

        @Override
        public String reason() {
            return shortfalls.stream().map(Shortfall::reason).collect(Collectors.joining("; "));
        }
    }
}
