package io.liaison.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.pki.CertificateKind;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path root;

    private PkiDirectory pki;

    @BeforeEach
    void issueServerCertificate() {
        pki = PkiDirectory.at(root);
        pki.init("CA", Validity.starting(CLOCK, Duration.ofDays(30)), Optional.empty(), RANDOM);
        pki.issueTls(
                pki.authority(Optional.empty(), CLOCK, RANDOM),
                "gateway",
                CertificateKind.TLS_SERVER,
                List.of("localhost"),
                List.of("127.0.0.1"),
                Validity.starting(CLOCK, Duration.ofDays(1)),
                Optional.empty(),
                RANDOM);
    }

    @Test
    void theServerContextLoadsTheIssuedStores() {
        TlsSettings tls = TlsSettings.fromPki(pki, "gateway", true);

        SSLContext context = tls.serverContext();

        assertThat(tls.requireClientCertificate()).isTrue();
        assertThat(context.createSSLEngine().getSupportedProtocols()).contains("TLSv1.3");
    }

    @Test
    void aWrongPasswordIsReportedAgainstItsStore() {
        TlsSettings good = TlsSettings.fromPki(pki, "gateway", false);
        TlsSettings wrongKeyStorePassword = new TlsSettings(
                good.keyStore(), Passphrase.of("wrong"), good.trustStore(), good.trustStorePassword(), false);
        TlsSettings wrongTrustStorePassword = new TlsSettings(
                good.keyStore(), good.keyStorePassword(), good.trustStore(), Passphrase.of("wrong"), false);

        assertThatThrownBy(wrongKeyStorePassword::serverContext)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tls.keyStore " + good.keyStore());
        assertThatThrownBy(wrongTrustStorePassword::serverContext)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tls.trustStore " + good.trustStore());
    }

    @Test
    void aMissingStoreIsRefusedOnConstruction() {
        TlsSettings good = TlsSettings.fromPki(pki, "gateway", false);

        assertThatThrownBy(() -> new TlsSettings(
                        root.resolve("absent.p12"),
                        good.keyStorePassword(),
                        good.trustStore(),
                        good.trustStorePassword(),
                        false))
                .hasMessageContaining("tls.keyStore")
                .hasMessageContaining("is not a readable file");
    }
}
