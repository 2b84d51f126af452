package io.liaison.complaints;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-address token buckets: each address may make {@code burst} requests at once and one more every
 * {@code period / burst} after. Bounded: at most {@code maxAddresses} are tracked; full (idle) buckets
 * are dropped first, and when every tracked address is still active a new one is refused rather than
 * letting a flood from many addresses grow memory without bound.
 */
public final class RateLimiter {
    private final String name;
    private final int burst;
    private final Duration period;
    private final int maxAddresses;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /** The answer: allowed, or refused with when to retry and the limit that refused. */
    public sealed interface Decision {
        record Allowed() implements Decision {}

        record Refused(Duration retryAfter, String limit) implements Decision {}
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;
    }

    /**
     * @param name what is limited, as the refusal names it (e.g. {@code complaints})
     */
    public RateLimiter(String name, int burst, Duration period, int maxAddresses, Clock clock) {
        if (burst < 1) {
            throw new IllegalArgumentException(name + " burst must be at least 1, was " + burst);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException(name + " period must be positive, was " + period);
        }
        if (maxAddresses < 1) {
            throw new IllegalArgumentException(name + " maxAddresses must be at least 1, was " + maxAddresses);
        }
        this.name = name;
        this.burst = burst;
        this.period = period;
        this.maxAddresses = maxAddresses;
        this.clock = clock;
    }

    /** The limit in words, e.g. {@code 5 complaints per PT1H per address}. */
    public String limit() {
        return burst + " " + name + " per " + period + " per address";
    }

    public synchronized Decision acquire(String address) {
        long now = nanos();
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            if (buckets.size() >= maxAddresses) {
                refill(now);
                buckets.values().removeIf(b -> b.tokens >= burst);
                if (buckets.size() >= maxAddresses) {
                    return new Decision.Refused(interval(), maxAddresses + " addresses active at once for " + name);
                }
            }
            bucket = new Bucket();
            bucket.tokens = burst;
            bucket.updatedNanos = now;
            buckets.put(address, bucket);
        }
        refill(bucket, now);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return new Decision.Allowed();
        }
        long wait = (long) Math.ceil((1 - bucket.tokens) * interval().toNanos());
        return new Decision.Refused(Duration.ofNanos(wait), limit());
    }

    private Duration interval() {
        return period.dividedBy(burst);
    }

    private void refill(long now) {
        buckets.values().forEach(b -> refill(b, now));
    }

    private void refill(Bucket bucket, long now) {
        double added = (double) (now - bucket.updatedNanos) / interval().toNanos();
        bucket.tokens = Math.min(burst, bucket.tokens + added);
        bucket.updatedNanos = now;
    }

    private long nanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
