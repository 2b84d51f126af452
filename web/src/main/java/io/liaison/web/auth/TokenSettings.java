package io.liaison.web.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How a service accepts bearer tokens.
 *
 * @param enabled     whether bearer tokens are accepted at all (with TLS, mTLS may be the only way)
 * @param maxLifetime longest {@code exp - iat} accepted: tokens are short-lived by construction
 * @param clockSkew   tolerance between the issuer's clock and the service's
 * @param audience    the {@code aud} claim a token must carry, so a token for another service is refused
 */
public record TokenSettings(boolean enabled, Duration maxLifetime, Duration clockSkew, String audience) {
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(8);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    /** The audience of tokens for the consumer gateway (analysts reading an inbox). */
    public static final String CONSUMER_GATEWAY_AUDIENCE = "liaison-consumer-gateway";
    /** The audience of tokens for an agency gateway's HTTP ingest (systems publishing). */
    public static final String AGENCY_GATEWAY_AUDIENCE = "liaison-agency-gateway";

    public TokenSettings {
        Objects.requireNonNull(maxLifetime, "tokens.maxLifetime");
        if (maxLifetime.isNegative() || maxLifetime.isZero() || maxLifetime.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(
                    "tokens.maxLifetime must be positive and at most 24h, was " + maxLifetime);
        }
        Objects.requireNonNull(clockSkew, "tokens.clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("tokens.clockSkew must be between 0 and 5m, was " + clockSkew);
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("tokens.audience must be set");
        }
    }

    public static TokenSettings defaults(String audience) {
        return new TokenSettings(true, DEFAULT_MAX_LIFETIME, DEFAULT_CLOCK_SKEW, audience);
    }

    public static TokenSettings disabled(String audience) {
        return new TokenSettings(false, DEFAULT_MAX_LIFETIME, DEFAULT_CLOCK_SKEW, audience);
    }
}
