package io.computeregister.api.budget;

/**
 * How much each tenant may fan out, per minute and per replica ({@code compute api --budget-probes},
 * {@code --budget-allocations}); 0 turns a budget off.
 *
 * @param probesPerMinute      hotkeys a tenant may ask {@code check_miner_status} to probe; a minute's worth may go
 *                             at once, so it is at least one call of the largest size ({@value #LARGEST_PROBE_CALL})
 * @param allocationsPerMinute allocation attempts ({@code allocate_spec}, {@code allocate_hotkey}; not dry runs)
 */
public record RequestBudgets(long probesPerMinute, long allocationsPerMinute) {

    /**
     * The most hotkeys one {@code check_miner_status} call may name (its body is refused beyond that): a budget must
     * pay for at least one such call, so the cap lives here and the handler reads it.
     */
    public static final int LARGEST_PROBE_CALL = 4096;

    /** Five of the largest probe calls a minute; two allocation attempts a second. */
    public static final RequestBudgets DEFAULTS = new RequestBudgets(5L * LARGEST_PROBE_CALL, 120);

    public static final RequestBudgets OFF = new RequestBudgets(0, 0);

    public RequestBudgets {
        if (probesPerMinute != 0 && (probesPerMinute < LARGEST_PROBE_CALL || probesPerMinute > 1_000_000_000)) {
            throw new IllegalArgumentException("--budget-probes must be 0 (off) or " + LARGEST_PROBE_CALL
                    + "..1000000000 (one check_miner_status call may name " + LARGEST_PROBE_CALL + " hotkeys), got "
                    + probesPerMinute);
        }
        if (allocationsPerMinute < 0 || allocationsPerMinute > 1_000_000_000) {
            throw new IllegalArgumentException("--budget-allocations must be 0 (off) or 1..1000000000, got "
                    + allocationsPerMinute);
        }
    }
}
