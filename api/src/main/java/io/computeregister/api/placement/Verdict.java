package io.computeregister.api.placement;

import java.util.List;

/** What one feasibility check says about one miner. */
public sealed interface Verdict {

    Fits FITS = new Fits();

    /** Passes this check. */
    record Fits() implements Verdict {}

    /**
     * Does not fit now; may fit later (busy, offline, resources in use). Lists every shortfall, not only the first.
     */
    record Unfit(String reason, List<Shortfall> shortfalls) implements Verdict {
        public Unfit(String reason) {
            this(reason, List.of());
        }
    }

    /** Cannot fit however long the client waits (wrong GPU model, blocked, no specs): retrying will not help. */
    record Unresolvable(String reason) implements Verdict {}

    default boolean fits() {
        return this instanceof Fits;
    }

    /** The reasons this verdict counts under in a report: each shortfall's, or the single reason. */
    default List<String> reasons() {
        return switch (this) {
            case Fits f -> List.of();
            case Unfit u when !u.shortfalls().isEmpty() -> u.shortfalls().stream().map(Shortfall::reason).toList();
            case Unfit u -> List.of(u.reason());
            case Unresolvable r -> List.of(r.reason());
        };
    }
}
