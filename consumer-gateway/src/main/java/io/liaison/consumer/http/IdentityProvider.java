package io.liaison.consumer.http;

import io.liaison.kernel.trust.AgencyIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One agency's OpenID Connect identity provider, whose access tokens the consumer gateway accepts
 * for that agency's analysts. Validated on construction; an error names the key as
 * {@code identityProviders.<agency>.<field>}.
 *
 * @param agency         the agency whose analysts this provider authenticates (every token it signs binds to it)
 * @param issuer         the exact {@code iss} of its tokens
 * @param jwksUrl        where its signing keys are published (https, or http on loopback for tests)
 * @param audience       the {@code aud} a token must carry to open a feed here
 * @param acceptedAcr    {@code acr} values that prove a multi-factor login (one must be the token's)
 * @param requiredAmr    {@code amr} values that must all be in the token (e.g. {@code mfa})
 * @param purposesClaim  the claim whose values (a string or a list) say what the analyst may declare
 * @param purposesByClaimValue each claim value's purposes; values not listed grant nothing
 * @param maxClockSkew   tolerance on {@code exp} and {@code nbf} (at most 2 minutes)
 */
public record IdentityProvider(
        String agency,
        String issuer,
        URI jwksUrl,
        String audience,
        Set<String> acceptedAcr,
        Set<String> requiredAmr,
        String purposesClaim,
        Map<String, Set<String>> purposesByClaimValue,
        Duration maxClockSkew) {
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(30);

    public IdentityProvider {
        AgencyIds.require(agency);
        String key = "identityProviders." + agency + ".";
        require(key + "issuer", issuer);
        try {
            new URI(issuer);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + "issuer is not a URI: " + issuer, e);
        }
        if (jwksUrl == null || !jwksUrl.isAbsolute()) {
            throw new IllegalArgumentException(key + "jwksUrl must be an absolute URL, was " + jwksUrl);
        }
        boolean loopback = "127.0.0.1".equals(jwksUrl.getHost()) || "localhost".equals(jwksUrl.getHost());
        if (!"https".equals(jwksUrl.getScheme()) && !("http".equals(jwksUrl.getScheme()) && loopback)) {
            throw new IllegalArgumentException(
                    key + "jwksUrl must be https (plain http only on loopback), was " + jwksUrl);
        }
        require(key + "audience", audience);
        acceptedAcr = Set.copyOf(acceptedAcr);
        requiredAmr = Set.copyOf(requiredAmr);
        if (acceptedAcr.isEmpty() && requiredAmr.isEmpty()) {
            throw new IllegalArgumentException(key + "acceptedAcr and " + key
                    + "requiredAmr are both empty: a token without multi-factor login would be accepted");
        }
        require(key + "purposesClaim", purposesClaim);
        purposesByClaimValue = purposesByClaimValue.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        if (purposesByClaimValue.isEmpty()) {
            throw new IllegalArgumentException(
                    key + "purposesByClaimValue is empty: no analyst could declare a purpose");
        }
        if (maxClockSkew == null || maxClockSkew.isNegative() || maxClockSkew.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException(
                    key + "maxClockSkew must be between 0 and 2 minutes, was " + maxClockSkew);
        }
    }

    private static void require(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
    }
}
