package io.liaison.web.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.AgencyIds;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.kernel.trust.TrustedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Short-lived bearer tokens for the backbone's HTTP services: compact JWS (RFC 7515) signed with
 * EdDSA (RFC 8037) by the agency's own Ed25519 signing key, so a service needs no token secret of
 * its own, only the trust store it already has. An agency vouches for its analysts and systems the
 * way it vouches for its messages.
 *
 * <pre>
 * header  {"alg":"EdDSA","typ":"JWT","kid":"&lt;signing certificate key id&gt;"}
 * claims  {"iss":"&lt;agency&gt;","sub":"&lt;analyst or system&gt;","aud":"&lt;service&gt;","iat":&lt;s&gt;,"exp":&lt;s&gt;}
 * </pre>
 *
 * A token is accepted only if its key is an agency-signing key, valid and not revoked now, owned by
 * the agency in {@code iss}; the audience is the service's ({@link TokenSettings#audience()}); it has
 * not expired; and it lives no longer than {@link TokenSettings#maxLifetime()}. The JWS signing
 * input begins with {@code eyJ} (base64 of <code>{"</code>) and envelope signing inputs with
 * {@code liaison/}, so a token signature can never be replayed as a message signature or the reverse.
 */
public final class BearerTokens {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 4096;

    private final TrustStore trust;
    private final TokenSettings settings;
    private final Clock clock;

    public BearerTokens(TrustStore trust, TokenSettings settings, Clock clock) {
        this.trust = trust;
        this.settings = settings;
        this.clock = clock;
    }

    /** A token for {@code subject} of the agency owning {@code agencyKey}, for {@code audience}, valid from now. */
    public static String issue(
            SigningIdentity agencyKey, String subject, String audience, Duration lifetime, Clock clock) {
        return issue(agencyKey, subject, audience, lifetime, clock.instant());
    }

    public static String issue(
            SigningIdentity agencyKey, String subject, String audience, Duration lifetime, Instant issuedAt) {
        CallerIdentity identity = new CallerIdentity(agencyKey.owner(), subject, CallerIdentity.Method.BEARER_TOKEN);
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive, was " + lifetime);
        }
        ObjectNode header =
                JSON.createObjectNode().put("alg", "EdDSA").put("typ", "JWT").put("kid", agencyKey.keyId());
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", identity.agency())
                .put("sub", identity.subject())
                .put("aud", audience)
                .put("iat", issuedAt.getEpochSecond())
                .put("exp", issuedAt.plus(lifetime).getEpochSecond());
        String signingInput = part(header) + "." + part(claims);
        return signingInput + "."
                + B64.encodeToString(agencyKey.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Checks {@code token} against the trust store at the clock's now. */
    public Authentication verify(String token) {
        if (!settings.enabled()) {
            return new Authentication.Unauthenticated(
                    "bearer tokens are not accepted here; present a client certificate");
        }
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return new Authentication.Unauthenticated(
                    "token is missing or longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return new Authentication.Unauthenticated("token is not a compact JWS (header.claims.signature)");
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            header = JSON.readTree(B64_DECODE.decode(parts[0]));
            claims = JSON.readTree(B64_DECODE.decode(parts[1]));
            signature = B64_DECODE.decode(parts[2]);
        } catch (IllegalArgumentException | IOException e) {
            return new Authentication.Unauthenticated("token does not decode: " + e.getMessage());
        }
        if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
            return new Authentication.Unauthenticated("token header and claims must be JSON objects");
        }
        if (!"EdDSA".equals(header.path("alg").asText(null))) {
            return new Authentication.Unauthenticated("token alg must be EdDSA");
        }
        String keyId = header.path("kid").asText(null);
        String agency = claims.path("iss").asText(null);
        if (keyId == null || agency == null) {
            return new Authentication.Unauthenticated("token must name its key (kid) and agency (iss)");
        }
        Instant now = clock.instant();
        KeyStatus status = trust.status(keyId, now);
        if (!(status instanceof KeyStatus.Valid valid)) {
            return new Authentication.Unauthenticated(
                    "token key " + keyId + " is not trusted now (" + statusName(status) + ")");
        }
        TrustedKey key = valid.key();
        if (key.role() != KeyRole.AGENCY_SIGNING || !key.owner().equals(agency)) {
            return new Authentication.Unauthenticated(
                    "token key " + keyId + " is not an agency-signing key of " + agency);
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!Ed25519.verify(key.publicKey(), signingInput, signature)) {
            return new Authentication.Unauthenticated("token signature does not verify");
        }
        return checkClaims(claims, agency, keyId, now);
    }

    private Authentication checkClaims(JsonNode claims, String agency, String keyId, Instant now) {
        if (!settings.audience().equals(claims.path("aud").asText(null))) {
            return new Authentication.Unauthenticated("token audience must be " + settings.audience());
        }
        JsonNode iat = claims.path("iat");
        JsonNode exp = claims.path("exp");
        if (!iat.isIntegralNumber() || !exp.isIntegralNumber()) {
            return new Authentication.Unauthenticated("token iat and exp must be integer seconds");
        }
        Instant issuedAt = Instant.ofEpochSecond(iat.asLong());
        Instant expiresAt = Instant.ofEpochSecond(exp.asLong());
        if (!expiresAt.isAfter(now.minus(settings.clockSkew()))) {
            return new Authentication.Unauthenticated("token expired at " + expiresAt);
        }
        if (issuedAt.isAfter(now.plus(settings.clockSkew()))) {
            return new Authentication.Unauthenticated("token is issued in the future (" + issuedAt + ")");
        }
        if (Duration.between(issuedAt, expiresAt).compareTo(settings.maxLifetime()) > 0) {
            return new Authentication.Unauthenticated(
                    "token lives longer than the " + settings.maxLifetime() + " allowed");
        }
        String subject = claims.path("sub").asText(null);
        try {
            AgencyIds.require(agency);
            return new Authentication.Authenticated(
                    new CallerIdentity(agency, subject, CallerIdentity.Method.BEARER_TOKEN), keyId);
        } catch (IllegalArgumentException e) {
            return new Authentication.Unauthenticated("token claims are malformed: " + e.getMessage());
        }
    }

    private static String part(ObjectNode node) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ObjectNode always serialises", e);
        }
    }

    private static String statusName(KeyStatus status) {
        if (status instanceof KeyStatus.Revoked r) {
            return "revoked at " + r.revokedAt() + ", " + r.reason();
        }
        if (status instanceof KeyStatus.OutsideValidity) {
            return "outside its validity";
        }
        return "unknown";
    }
}
