package io.liaison.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.Validity;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.Test;

class ClientCertificatesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final CertificateAuthority ca = newCa();

    @Test
    void aClientCertificateNamesItsAgencyAndTheFirstDnsNameAsSubject() throws Exception {
        IssuedCertificate cert = ca.issueTls(
                "cpd",
                CertificateKind.TLS_CLIENT,
                List.of("records.cpd.systems"),
                List.of(),
                Validity.starting(CLOCK, Duration.ofDays(30)));

        assertThat(ClientCertificates.authenticate(chain(cert.certificate())))
                .isEqualTo(new Authentication.Authenticated(
                        new CallerIdentity("cpd", "records.cpd.systems", CallerIdentity.Method.MTLS), cert.keyId()));
    }

    @Test
    void aServerCertificateOrNoneAtAllIsNotAClientIdentity() throws Exception {
        IssuedCertificate server = ca.issueTls(
                "gateway",
                CertificateKind.TLS_SERVER,
                List.of("localhost"),
                List.of(),
                Validity.starting(CLOCK, Duration.ofDays(30)));

        assertThat(ClientCertificates.authenticate(chain(server.certificate())))
                .isInstanceOfSatisfying(
                        Authentication.Unauthenticated.class,
                        u -> assertThat(u.reason()).contains("not a tls-client"));
        assertThat(ClientCertificates.authenticate(null))
                .isEqualTo(new Authentication.Unauthenticated("no client certificate was presented"));
        assertThat(ClientCertificates.authenticate(new X509Certificate[0]))
                .isEqualTo(new Authentication.Unauthenticated("no client certificate was presented"));
    }

    @Test
    void anAgencySystemCertificateWithoutDnsNamesIsTheAgencyItself() throws Exception {
        IssuedCertificate system = ca.issueTls(
                "ice", CertificateKind.TLS_CLIENT, List.of(), List.of(), Validity.starting(CLOCK, Duration.ofDays(30)));

        assertThat(ClientCertificates.authenticate(chain(system.certificate())))
                .isEqualTo(new Authentication.Authenticated(
                        new CallerIdentity("ice", "ice", CallerIdentity.Method.MTLS), system.keyId()));
    }

    @Test
    void aSigningCertificateIsNotAClientIdentity() throws Exception {
        IssuedCertificate signing =
                ca.issueSigning("cpd", KeyRole.AGENCY_SIGNING, Validity.starting(CLOCK, Duration.ofDays(30)));

        assertThat(ClientCertificates.authenticate(chain(signing.certificate())))
                .isInstanceOf(Authentication.Unauthenticated.class);
    }

    private static X509Certificate[] chain(X509CertificateHolder leaf) throws Exception {
        return new X509Certificate[] {new JcaX509CertificateConverter().getCertificate(leaf)};
    }

    private static CertificateAuthority newCa() {
        SecureRandom random = new SecureRandom();
        IssuedCertificate root = CertificateAuthority.createRoot(
                CertificateAuthority.DEFAULT_NAME, Validity.starting(CLOCK, Validity.DEFAULT_CA), random);
        return CertificateAuthority.of(root.certificate(), root.privateKey(), CLOCK, random);
    }
}
