package io.liaison.consumer.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.pki.CertificateAuthority;
import io.liaison.kernel.pki.CertificateKind;
import io.liaison.kernel.pki.IssuedCertificate;
import io.liaison.kernel.pki.Validity;
import io.liaison.kernel.trust.KeyRole;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.Test;

class ClientCertificatesTest {
    private final CertificateAuthority ca;

    ClientCertificatesTest() {
        SecureRandom random = new SecureRandom();
        IssuedCertificate root = CertificateAuthority.createRoot("Cert Test Root", Validity.starting(Clock.systemUTC(), Duration.ofDays(2)), random);
        ca = CertificateAuthority.of(root.certificate(), root.privateKey(), Clock.systemUTC(), random);
    }

    private X509Certificate tls(String name, CertificateKind kind, List<String> dns) throws Exception {
        IssuedCertificate issued = ca.issueTls(name, kind, dns, kind == CertificateKind.TLS_SERVER ? List.of("127.0.0.1") : List.of(),
                Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        return new JcaX509CertificateConverter().getCertificate(issued.certificate());
    }

    @Test
    void theAnalystIsTheFirstDnsNameAndTheAgencyTheOwnerUri() throws Exception {
        assertThat(ClientCertificates.authenticate(new X509Certificate[] {tls("cpd", CertificateKind.TLS_CLIENT, List.of("jdoe.cpd.analysts"))}))
                .isEqualTo(new Authentication.Authenticated(new AnalystIdentity("cpd", "jdoe.cpd.analysts", AnalystIdentity.Method.MTLS)));
    }

    @Test
    void anAgencySystemCertificateWithoutDnsNamesIsTheAgencyItself() throws Exception {
        assertThat(ClientCertificates.authenticate(new X509Certificate[] {tls("ice", CertificateKind.TLS_CLIENT, List.of())}))
                .isEqualTo(new Authentication.Authenticated(new AnalystIdentity("ice", "ice", AnalystIdentity.Method.MTLS)));
    }

    @Test
    void aServerCertificateIsNotAClientIdentity() throws Exception {
        assertThat(ClientCertificates.authenticate(new X509Certificate[] {tls("gateway", CertificateKind.TLS_SERVER, List.of("localhost"))}))
                .isInstanceOfSatisfying(Authentication.Unauthenticated.class, u -> assertThat(u.reason()).contains("not a tls-client"));
    }

    @Test
    void aSigningCertificateIsNotAClientIdentity() throws Exception {
        IssuedCertificate signing = ca.issueSigning("cpd", KeyRole.AGENCY_SIGNING, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(signing.certificate());
        assertThat(ClientCertificates.authenticate(new X509Certificate[] {cert})).isInstanceOf(Authentication.Unauthenticated.class);
    }

    @Test
    void noCertificateIsUnauthenticated() {
        assertThat(ClientCertificates.authenticate(new X509Certificate[0])).isInstanceOf(Authentication.Unauthenticated.class);
        assertThat(ClientCertificates.authenticate(null)).isInstanceOf(Authentication.Unauthenticated.class);
    }
}
