package io.liaison.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * How long the MOU lets a recipient keep copies of one message type, and how often it must review them.
 *
 * @param keep        how long deliveries are kept (an ISO-8601 period such as {@code P30D} or {@code P5Y})
 * @param reviewEvery how often held deliveries must be reviewed and validated or purged, if the MOU says so
 */
public record RetentionTerm(Period keep, Optional<Period> reviewEvery) {
    /** 28 CFR 23.20(h): criminal intelligence is held at most five years unless reviewed and validated. */
    public static final Period UNREVIEWED_LIMIT = Period.ofYears(5);

    public RetentionTerm {
        Objects.requireNonNull(keep, "keep");
        Objects.requireNonNull(reviewEvery, "reviewEvery");
    }

    /**
     * {@code period} as a fixed duration no shorter than any calendar reading of it (366-day years, 31-day
     * months), so a broker retention derived from it never deletes before the period has passed.
     */
    public static Duration atLeast(Period period) {
        return Duration.ofDays(period.getYears() * 366L + period.getMonths() * 31L + period.getDays());
    }

    /** {@link #atLeast} of {@link #keep}. */
    public Duration keepAtLeast() {
        return atLeast(keep);
    }

    /** Whether a review of a delivery made at {@code deliveredAt} is due at {@code asOf} (UTC calendar). */
    public boolean reviewDue(Instant deliveredAt, Instant asOf) {
        return reviewEvery
                .map(p -> !deliveredAt
                        .atOffset(ZoneOffset.UTC)
                        .plus(p)
                        .toInstant()
                        .isAfter(asOf))
                .orElse(false);
    }

    @Override
    public String toString() {
        return "keep " + keep + reviewEvery.map(p -> ", review every " + p).orElse(", no review period");
    }
}
