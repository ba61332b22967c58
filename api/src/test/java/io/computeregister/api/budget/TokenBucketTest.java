package io.computeregister.api.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.api.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The bucket behind every per-tenant budget, on a clock moved by hand. */
class TokenBucketTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void a_full_bucket_grants_its_capacity_at_once_then_says_how_long_to_wait() {
        TokenBucket bucket = new TokenBucket(60, clock); // 60 a minute: one a second
        assertThat(bucket.take(50)).isZero();
        assertThat(bucket.take(10)).isZero();
        assertThat(bucket.take(3)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void a_refusal_takes_nothing() {
        TokenBucket bucket = new TokenBucket(60, clock);
        assertThat(bucket.take(55)).isZero();
        assertThat(bucket.take(10)).isEqualTo(Duration.ofSeconds(5));
        assertThat(bucket.take(10)).as("still five short, not fifteen").isEqualTo(Duration.ofSeconds(5));
        assertThat(bucket.take(5)).isZero();
    }

    @Test
    void tokens_come_back_with_time_up_to_the_capacity() {
        TokenBucket bucket = new TokenBucket(60, clock);
        assertThat(bucket.take(60)).isZero();
        clock.advance(Duration.ofSeconds(20));
        assertThat(bucket.take(20)).isZero();
        assertThat(bucket.take(1)).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofHours(1));
        assertThat(bucket.take(60)).as("never more than the capacity").isZero();
        assertThat(bucket.take(1)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a_clock_stepping_back_adds_nothing_and_breaks_nothing() {
        TokenBucket bucket = new TokenBucket(60, clock);
        assertThat(bucket.take(60)).isZero();
        clock.advance(Duration.ofMinutes(-5));
        assertThat(bucket.take(1)).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(bucket.take(1)).isZero();
    }

    @Test
    void more_than_the_capacity_at_once_is_a_programming_error() {
        TokenBucket bucket = new TokenBucket(60, clock);
        assertThatThrownBy(() -> bucket.take(61)).isInstanceOf(IllegalArgumentException.class);
    }
}
