package io.liaison.consumer.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.pki.CertificateAuthority;
import io.liaison.kernel.pki.CertificateProfiles;
import io.liaison.kernel.pki.IssuedCertificate;
import io.liaison.kernel.pki.SigningIdentities;
import io.liaison.kernel.pki.TrustAnchor;
import io.liaison.kernel.pki.Validity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AnalystTokensTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final TrustStore trust = new TrustStore();
    private final SigningIdentity cpd;
    private final SigningIdentity ice;
    private final SigningIdentity backbone;
    private final AnalystTokens tokens = new AnalystTokens(trust, TokenSettings.defaults(), CLOCK);

    AnalystTokensTest() {
        SecureRandom random = new SecureRandom();
        IssuedCertificate root = CertificateAuthority.createRoot("Token Test Root", Validity.of(NOW.minusSeconds(3600), Duration.ofDays(2)), random);
        CertificateAuthority ca = CertificateAuthority.of(root.certificate(), root.privateKey(), CLOCK, random);
        TrustAnchor anchor = TrustAnchor.of(root.certificate());
        cpd = issue(ca, anchor, "cpd", KeyRole.AGENCY_SIGNING);
        ice = issue(ca, anchor, "ice", KeyRole.AGENCY_SIGNING);
        backbone = issue(ca, anchor, CertificateProfiles.BACKBONE_OWNER, KeyRole.BACKBONE_ATTESTATION);
    }

    private SigningIdentity issue(CertificateAuthority ca, TrustAnchor anchor, String owner, KeyRole role) {
        IssuedCertificate cert = ca.issueSigning(owner, role, Validity.of(NOW.minusSeconds(60), Duration.ofDays(1)));
        trust.add(anchor.trustedKey(cert.certificate()));
        return SigningIdentities.of(cert.privateKey(), cert.certificate());
    }

    @Test
    void aTokenSignedByTheAgencyKeyNamesTheAgencyAndAnalyst() {
        String token = AnalystTokens.issue(cpd, "jdoe", Duration.ofHours(1), CLOCK);
        assertThat(tokens.verify(token)).isEqualTo(new Authentication.Authenticated(
                new AnalystIdentity("cpd", "jdoe", AnalystIdentity.Method.BEARER_TOKEN)));
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = AnalystTokens.issue(cpd, "jdoe", Duration.ofMinutes(5), NOW.minus(Duration.ofMinutes(10)),
                TokenSettings.DEFAULT_AUDIENCE);
        assertThat(reason(tokens.verify(token))).contains("expired");
    }

    @Test
    void aTokenLivingLongerThanAllowedIsRefused() {
        String token = AnalystTokens.issue(cpd, "jdoe", Duration.ofHours(9), CLOCK);
        assertThat(reason(tokens.verify(token))).contains("lives longer than");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String token = AnalystTokens.issue(cpd, "jdoe", Duration.ofHours(1), NOW, "some-other-service");
        assertThat(reason(tokens.verify(token))).contains("audience");
    }

    @Test
    void anAgencyCannotIssueTokensForAnotherAgency() {
        String forIce = AnalystTokens.issue(ice, "jdoe", Duration.ofHours(1), CLOCK);
        String[] parts = forIce.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"ice\"", "\"cpd\"");
        String asCpd = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(reason(tokens.verify(asCpd))).contains("not an agency-signing key of cpd");
    }

    @Test
    void theBackboneKeyDoesNotIssueAnalystTokens() {
        String token = AnalystTokens.issue(backbone, "jdoe", Duration.ofHours(1), CLOCK);
        assertThat(reason(tokens.verify(token))).contains("not an agency-signing key");
    }

    @Test
    void aRevokedKeysTokensAreRefused() {
        String token = AnalystTokens.issue(cpd, "jdoe", Duration.ofHours(1), CLOCK);
        trust.revoke(cpd.keyId(), NOW.minusSeconds(1), "keyCompromise");
        assertThat(reason(tokens.verify(token))).contains("not trusted now").contains("revoked");
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = AnalystTokens.issue(cpd, "jdoe", Duration.ofHours(1), CLOCK);
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("jdoe", "boss");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(reason(tokens.verify(tampered))).contains("signature does not verify");
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String claims = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"iss\":\"cpd\",\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(reason(tokens.verify(header + "." + claims + "."))).contains("alg must be EdDSA");
    }

    @Test
    void garbageIsRefusedNotThrown() {
        assertThat(reason(tokens.verify("not-a-token"))).contains("compact JWS");
        assertThat(reason(tokens.verify("a.b.c"))).contains("does not decode");
    }

    @Test
    void tokensCanBeSwitchedOff() {
        AnalystTokens off = new AnalystTokens(trust, TokenSettings.disabled(), CLOCK);
        assertThat(reason(off.verify(AnalystTokens.issue(cpd, "jdoe", Duration.ofHours(1), CLOCK)))).contains("not accepted");
    }

    private static String reason(Authentication result) {
        assertThat(result).isInstanceOf(Authentication.Unauthenticated.class);
        return ((Authentication.Unauthenticated) result).reason();
    }
}
