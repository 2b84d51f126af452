package io.liaison.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.SigningIdentities;
import io.liaison.pki.Validity;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.Test;

/** Revocations in the trust store reach every credential at the next request, and earlier grants on asking. */
class AuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String AUDIENCE = TokenSettings.CONSUMER_GATEWAY_AUDIENCE;

    private final CertificateAuthority ca = newCa();
    private final TrustStore trust = new TrustStore();
    private final Authenticator authenticator = new Authenticator(trust, TokenSettings.defaults(AUDIENCE), CLOCK);

    @Test
    void aClientCertificateIsRefusedFromItsRevocationOn() throws Exception {
        IssuedCertificate cert = ca.issueTls(
                "cpd",
                CertificateKind.TLS_CLIENT,
                List.of("jdoe.cpd.analysts"),
                List.of(),
                Validity.starting(CLOCK, Duration.ofDays(30)));
        X509Certificate[] chain = {new JcaX509CertificateConverter().getCertificate(cert.certificate())};
        Authentication before = authenticator.authenticate(chain, null);

        trust.revoke(cert.keyId(), NOW.minusSeconds(1), "key-compromise");

        assertThat(before)
                .isEqualTo(new Authentication.Authenticated(
                        new CallerIdentity("cpd", "jdoe.cpd.analysts", CallerIdentity.Method.MTLS), cert.keyId()));
        assertThat(authenticator.authenticate(chain, "Bearer ignored-when-a-certificate-is-presented"))
                .isEqualTo(new Authentication.Unauthenticated("client certificate " + cert.keyId()
                        + " is revoked since " + NOW.minusSeconds(1) + " (key-compromise)"));
        assertThat(authenticator.revoked((Authentication.Authenticated) before))
                .hasValueSatisfying(reason -> assertThat(reason).contains("revoked", "key-compromise"));
    }

    @Test
    void aTokenIsRefusedOnceItsSigningKeyIsRevoked() {
        IssuedCertificate cert =
                ca.issueSigning("cpd", KeyRole.AGENCY_SIGNING, Validity.starting(CLOCK, Duration.ofDays(30)));
        trust.add(ca.anchor().trustedKey(cert.certificate()));
        SigningIdentity key = SigningIdentities.of(cert.privateKey(), cert.certificate());
        String token = BearerTokens.issue(key, "jdoe", AUDIENCE, Duration.ofMinutes(5), CLOCK);
        Authentication before = authenticator.authenticate(null, "Bearer " + token);

        trust.revoke(key.keyId(), NOW, "key-compromise");

        assertThat(before).isInstanceOf(Authentication.Authenticated.class);
        assertThat(authenticator.authenticate(null, "bearer " + token))
                .isInstanceOfSatisfying(
                        Authentication.Unauthenticated.class,
                        u -> assertThat(u.reason()).contains("revoked", "key-compromise"));
        assertThat(authenticator.revoked((Authentication.Authenticated) before))
                .hasValueSatisfying(
                        reason -> assertThat(reason).startsWith("token key " + key.keyId() + " is revoked since"));
    }

    @Test
    void noCredentialAtAllIsUnauthenticated() {
        assertThat(authenticator.authenticate(new X509Certificate[0], null))
                .isInstanceOf(Authentication.Unauthenticated.class);
        assertThat(authenticator.authenticate(null, "Basic dXNlcjpwYXNz"))
                .isInstanceOf(Authentication.Unauthenticated.class);
    }

    private static CertificateAuthority newCa() {
        SecureRandom random = new SecureRandom();
        IssuedCertificate root = CertificateAuthority.createRoot(
                CertificateAuthority.DEFAULT_NAME, Validity.starting(CLOCK, Validity.DEFAULT_CA), random);
        return CertificateAuthority.of(root.certificate(), root.privateKey(), CLOCK, random);
    }
}
