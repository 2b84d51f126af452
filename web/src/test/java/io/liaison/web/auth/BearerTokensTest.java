package io.liaison.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.SigningIdentities;
import io.liaison.pki.Validity;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BearerTokensTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String AUDIENCE = TokenSettings.AGENCY_GATEWAY_AUDIENCE;

    private final CertificateAuthority ca = newCa();
    private final TrustStore trust = new TrustStore();
    private final SigningIdentity cpd = trusted("cpd", KeyRole.AGENCY_SIGNING);
    private final SigningIdentity ice = trusted("ice", KeyRole.AGENCY_SIGNING);
    private final SigningIdentity backbone = trusted(CertificateProfiles.BACKBONE_OWNER, KeyRole.BACKBONE_ATTESTATION);
    private final BearerTokens tokens = new BearerTokens(trust, TokenSettings.defaults(AUDIENCE), CLOCK);

    @Test
    void aTokenSignedByATrustedAgencyKeyNamesItsAgencyAndSubject() {
        String token = BearerTokens.issue(cpd, "records-system", AUDIENCE, Duration.ofMinutes(5), CLOCK);

        assertThat(tokens.verify(token))
                .isEqualTo(new Authentication.Authenticated(
                        new CallerIdentity("cpd", "records-system", CallerIdentity.Method.BEARER_TOKEN), cpd.keyId()));
    }

    @Test
    void aTokenForAnotherServiceIsRefused() {
        String token =
                BearerTokens.issue(cpd, "jdoe", TokenSettings.CONSUMER_GATEWAY_AUDIENCE, Duration.ofMinutes(5), CLOCK);

        assertThat(tokens.verify(token))
                .isEqualTo(new Authentication.Unauthenticated("token audience must be " + AUDIENCE));
    }

    @Test
    void expiredTamperedAndUntrustedTokensAreRefused() {
        String expired = BearerTokens.issue(cpd, "s", AUDIENCE, Duration.ofMinutes(5), NOW.minus(Duration.ofHours(1)));
        String valid = BearerTokens.issue(cpd, "s", AUDIENCE, Duration.ofMinutes(5), CLOCK);
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");
        IssuedCertificate stranger =
                newCa().issueSigning("cpd", KeyRole.AGENCY_SIGNING, Validity.starting(CLOCK, Duration.ofDays(1)));
        String untrusted = BearerTokens.issue(
                SigningIdentities.of(stranger.privateKey(), stranger.certificate()),
                "s",
                AUDIENCE,
                Duration.ofMinutes(5),
                CLOCK);

        assertThat(reason(tokens.verify(expired))).contains("expired");
        assertThat(tokens.verify(tampered))
                .isEqualTo(new Authentication.Unauthenticated("token signature does not verify"));
        assertThat(tokens.verify(untrusted)).isInstanceOf(Authentication.Unauthenticated.class);
        assertThat(tokens.verify("not-a-token")).isInstanceOf(Authentication.Unauthenticated.class);
    }

    @Test
    void tokensLivingLongerThanAllowedAreRefused() {
        String longLived = BearerTokens.issue(cpd, "s", AUDIENCE, Duration.ofHours(9), CLOCK);

        assertThat(tokens.verify(longLived))
                .isEqualTo(new Authentication.Unauthenticated("token lives longer than the PT8H allowed"));
    }

    @Test
    void changedClaimsNoLongerVerify() {
        String token = BearerTokens.issue(cpd, "jdoe", AUDIENCE, Duration.ofHours(1), CLOCK);

        assertThat(reason(tokens.verify(withClaims(token, claims(token).replace("jdoe", "boss")))))
                .contains("signature does not verify");
    }

    @Test
    void anAgencyCannotIssueTokensForAnotherAgency() {
        String forIce = BearerTokens.issue(ice, "jdoe", AUDIENCE, Duration.ofHours(1), CLOCK);
        String claimingCpd = withClaims(forIce, claims(forIce).replace("\"ice\"", "\"cpd\""));

        assertThat(reason(tokens.verify(claimingCpd))).contains("not an agency-signing key of cpd");
    }

    @Test
    void theBackboneKeyDoesNotIssueTokens() {
        String token = BearerTokens.issue(backbone, "jdoe", AUDIENCE, Duration.ofHours(1), CLOCK);

        assertThat(reason(tokens.verify(token))).contains("not an agency-signing key");
    }

    @Test
    void aRevokedKeysTokensAreRefused() {
        String token = BearerTokens.issue(cpd, "jdoe", AUDIENCE, Duration.ofHours(1), CLOCK);
        trust.revoke(cpd.keyId(), NOW.minusSeconds(1), "keyCompromise");

        assertThat(reason(tokens.verify(token))).contains("not trusted now").contains("revoked");
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String header = base64("{\"alg\":\"none\"}");
        String claims = base64("{\"iss\":\"cpd\",\"sub\":\"x\"}");

        assertThat(reason(tokens.verify(header + "." + claims + "."))).contains("alg must be EdDSA");
    }

    @Test
    void garbageIsRefusedNotThrown() {
        assertThat(reason(tokens.verify("not-a-token"))).contains("compact JWS");
        assertThat(reason(tokens.verify("a.b.c"))).contains("does not decode");
    }

    @Test
    void tokensCanBeSwitchedOff() {
        BearerTokens off = new BearerTokens(trust, TokenSettings.disabled(AUDIENCE), CLOCK);

        assertThat(reason(off.verify(BearerTokens.issue(cpd, "jdoe", AUDIENCE, Duration.ofHours(1), CLOCK))))
                .contains("not accepted");
    }

    private SigningIdentity trusted(String owner, KeyRole role) {
        IssuedCertificate cert = ca.issueSigning(owner, role, Validity.starting(CLOCK, Duration.ofDays(30)));
        trust.add(ca.anchor().trustedKey(cert.certificate()));
        return SigningIdentities.of(cert.privateKey(), cert.certificate());
    }

    private static String reason(Authentication result) {
        assertThat(result).isInstanceOf(Authentication.Unauthenticated.class);
        return ((Authentication.Unauthenticated) result).reason();
    }

    private static String claims(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    /** The token with its claims replaced and its signature kept. */
    private static String withClaims(String token, String claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + base64(claims) + "." + parts[2];
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static CertificateAuthority newCa() {
        SecureRandom random = new SecureRandom();
        IssuedCertificate root = CertificateAuthority.createRoot(
                CertificateAuthority.DEFAULT_NAME, Validity.starting(CLOCK, Validity.DEFAULT_CA), random);
        return CertificateAuthority.of(root.certificate(), root.privateKey(), CLOCK, random);
    }
}
