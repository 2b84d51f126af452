package io.liaison.pki;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A certificate's validity period. X.509 times carry whole seconds, so both ends are truncated to
 * the second here, and what is issued is exactly what is read back.
 *
 * @param notBefore first instant the certificate is valid
 * @param notAfter  last instant the certificate is valid (inclusive, as in RFC 5280)
 */
public record Validity(Instant notBefore, Instant notAfter) {
    public static final Duration DEFAULT_CA = Duration.ofDays(3650);
    public static final Duration DEFAULT_LEAF = Duration.ofDays(365);

    public Validity {
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException(
                    "validity notAfter " + notAfter + " must be after notBefore " + notBefore);
        }
    }

    public static Validity of(Instant from, Duration length) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("validity length must be positive, got " + length);
        }
        return new Validity(from, from.plus(length));
    }

    /** Starting now on {@code clock}. */
    public static Validity starting(Clock clock, Duration length) {
        return of(clock.instant(), length);
    }

    public boolean contains(Validity inner) {
        return !inner.notBefore.isBefore(notBefore) && !inner.notAfter.isAfter(notAfter);
    }

    public boolean contains(Instant at) {
        return !at.isBefore(notBefore) && !at.isAfter(notAfter);
    }
}
