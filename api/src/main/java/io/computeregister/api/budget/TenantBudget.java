package io.computeregister.api.budget;

import io.computeregister.api.refusal.OverBudget;
import io.computeregister.api.store.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One kind of budget (probes, or allocation attempts): a bucket per tenant, created at its first charge. */
public final class TenantBudget {

    private final String unit;
    private final long perMinute;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param unit      what a token pays for, as the refusal names it (e.g. "check_miner_status probes")
     * @param perMinute tokens per tenant per minute; 0: no budget
     */
    public TenantBudget(String unit, long perMinute, Clock clock) {
        this.unit = unit;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Charges the tenant {@code tokens}, or throws {@link OverBudget} having charged nothing. Admins pay nothing. */
    public void charge(Tenant tenant, int tokens) {
        if (perMinute == 0 || tenant.admin() || tokens == 0) return;
        TokenBucket bucket = buckets.computeIfAbsent(tenant.id(), id -> new TokenBucket(perMinute, clock));
        Duration wait = bucket.take(tokens);
        if (wait.isZero()) return;
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        throw new OverBudget("this request needs " + tokens + " " + unit + " and the tenant has " + bucket.available()
                + " left of " + perMinute + " per minute; retry after " + seconds + " s", seconds);
    }
}
