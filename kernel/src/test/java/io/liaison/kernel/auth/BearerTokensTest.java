package io.liaison.kernel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.pki.CertificateAuthority;
import io.liaison.kernel.pki.IssuedCertificate;
import io.liaison.kernel.pki.SigningIdentities;
import io.liaison.kernel.pki.Validity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BearerTokensTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String AUDIENCE = TokenSettings.AGENCY_GATEWAY_AUDIENCE;

    private final CertificateAuthority ca = newCa();
    private final IssuedCertificate cpdCert = ca.issueSigning("cpd", KeyRole.AGENCY_SIGNING, Validity.starting(CLOCK, Duration.ofDays(30)));
    private final SigningIdentity cpd = SigningIdentities.of(cpdCert.privateKey(), cpdCert.certificate());
    private final TrustStore trust = new TrustStore().add(ca.anchor().trustedKey(cpdCert.certificate()));
    private final BearerTokens tokens = new BearerTokens(trust, TokenSettings.defaults(AUDIENCE), CLOCK);

    @Test
    void aTokenSignedByATrustedAgencyKeyNamesItsAgencyAndSubject() {
        String token = BearerTokens.issue(cpd, "records-system", AUDIENCE, Duration.ofMinutes(5), CLOCK);

        assertThat(tokens.verify(token)).isEqualTo(new Authentication.Authenticated(
                new CallerIdentity("cpd", "records-system", CallerIdentity.Method.BEARER_TOKEN)));
    }

    @Test
    void aTokenForAnotherServiceIsRefused() {
        String token = BearerTokens.issue(cpd, "jdoe", TokenSettings.CONSUMER_GATEWAY_AUDIENCE, Duration.ofMinutes(5), CLOCK);

        assertThat(tokens.verify(token)).isEqualTo(new Authentication.Unauthenticated("token audience must be " + AUDIENCE));
    }

    @Test
    void expiredTamperedAndUntrustedTokensAreRefused() {
        String expired = BearerTokens.issue(cpd, "s", AUDIENCE, Duration.ofMinutes(5), NOW.minus(Duration.ofHours(1)));
        String valid = BearerTokens.issue(cpd, "s", AUDIENCE, Duration.ofMinutes(5), CLOCK);
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");
        IssuedCertificate stranger = newCa().issueSigning("cpd", KeyRole.AGENCY_SIGNING, Validity.starting(CLOCK, Duration.ofDays(1)));
        String untrusted = BearerTokens.issue(SigningIdentities.of(stranger.privateKey(), stranger.certificate()), "s",
                AUDIENCE, Duration.ofMinutes(5), CLOCK);

        assertThat(tokens.verify(expired)).isInstanceOf(Authentication.Unauthenticated.class);
        assertThat(tokens.verify(tampered)).isEqualTo(new Authentication.Unauthenticated("token signature does not verify"));
        assertThat(tokens.verify(untrusted)).isInstanceOf(Authentication.Unauthenticated.class);
        assertThat(tokens.verify("not-a-token")).isInstanceOf(Authentication.Unauthenticated.class);
    }

    @Test
    void tokensLivingLongerThanAllowedAreRefused() {
        String longLived = BearerTokens.issue(cpd, "s", AUDIENCE, Duration.ofHours(9), CLOCK);

        assertThat(tokens.verify(longLived)).isEqualTo(new Authentication.Unauthenticated(
                "token lives longer than the PT8H allowed"));
    }

    private static CertificateAuthority newCa() {
        SecureRandom random = new SecureRandom();
        IssuedCertificate root = CertificateAuthority.createRoot(CertificateAuthority.DEFAULT_NAME,
                Validity.starting(CLOCK, Validity.DEFAULT_CA), random);
        return CertificateAuthority.of(root.certificate(), root.privateKey(), CLOCK, random);
    }
}
