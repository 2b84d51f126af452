package io.liaison.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void anAddressGetsItsBurstThenOneMorePerIntervalAndOthersAreUnaffected() {
        MutableClock clock = new MutableClock();
        RateLimiter limiter = new RateLimiter("complaints", 3, Duration.ofMinutes(30), 100, clock);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("198.51.100.7")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        }
        RateLimiter.Decision refused = limiter.acquire("198.51.100.7");
        assertThat(refused)
                .isEqualTo(
                        new RateLimiter.Decision.Refused(Duration.ofMinutes(10), "3 complaints per PT30M per address"));
        assertThat(limiter.acquire("203.0.113.9")).isInstanceOf(RateLimiter.Decision.Allowed.class);

        clock.advance(Duration.ofMinutes(10));
        assertThat(limiter.acquire("198.51.100.7")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        assertThat(limiter.acquire("198.51.100.7")).isInstanceOf(RateLimiter.Decision.Refused.class);
    }

    @Test
    void aFloodFromManyAddressesIsBoundedAndIdleAddressesAreForgotten() {
        MutableClock clock = new MutableClock();
        RateLimiter limiter = new RateLimiter("complaints", 1, Duration.ofMinutes(1), 2, clock);

        assertThat(limiter.acquire("a")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        assertThat(limiter.acquire("b")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        assertThat(limiter.acquire("c"))
                .isEqualTo(new RateLimiter.Decision.Refused(
                        Duration.ofMinutes(1), "2 addresses active at once for complaints"));

        clock.advance(Duration.ofMinutes(1)); // a and b are full again: idle, so they make room
        assertThat(limiter.acquire("c")).isInstanceOf(RateLimiter.Decision.Allowed.class);
    }
}
