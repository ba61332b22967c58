package io.computeregister.api.budget;

import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket holding at most {@code perMinute} tokens and refilled evenly at {@code perMinute} a minute, so a
 * tenant may spend a minute's worth at once and then as fast as it comes back. A refusal takes nothing. Counted in
 * integers (a token is 60,000 units, a millisecond adds {@code perMinute} units) so waits are exact, and a clock that
 * steps back adds nothing.
 */
final class TokenBucket {

    private static final long MINUTE_MS = 60_000;

    private final long perMinute;
    private final long capacityUnits;
    private final Clock clock;
    private long units;
    private long updatedAt;

    TokenBucket(long perMinute, Clock clock) {
        if (perMinute < 1) throw new IllegalArgumentException("a bucket needs at least one token a minute");
        this.perMinute = perMinute;
        this.capacityUnits = Math.multiplyExact(perMinute, MINUTE_MS);
        this.clock = clock;
        this.units = capacityUnits;
        this.updatedAt = clock.millis();
    }

    /** Takes {@code tokens}: {@link Duration#ZERO} when granted, else how long until they would be (nothing taken). */
    synchronized Duration take(int tokens) {
        if (tokens > perMinute) {
            throw new IllegalArgumentException(tokens + " tokens can never fit a bucket of " + perMinute);
        }
        long now = clock.millis();
        long elapsed = Math.min(Math.max(0, now - updatedAt), MINUTE_MS); // a full minute refills it all anyway
        units = Math.min(capacityUnits, units + elapsed * perMinute);
        updatedAt = Math.max(updatedAt, now);
        long needed = tokens * MINUTE_MS;
        if (units >= needed) {
            units -= needed;
            return Duration.ZERO;
        }
        return Duration.ofMillis((needed - units + perMinute - 1) / perMinute);
    }

    /** Whole tokens there now (for the refusal's message). */
    synchronized long available() {
        return units / MINUTE_MS;
    }
}
