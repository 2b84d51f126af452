package io.liaison.cluster.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.pki.CertificateKind;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConnectionTest {
    private static final ScramCredential CPD = new ScramCredential("cpd", Passphrase.of("s3cret-Password_1"));

    @TempDir
    Path root;

    private PkiDirectory pki;
    private ClientTrust trust;

    @BeforeEach
    void pkiWithATrustStore() {
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        pki = PkiDirectory.at(root);
        pki.init("CA", Validity.starting(clock, Duration.ofDays(30)), Optional.empty(), random);
        pki.issueTls(
                pki.authority(Optional.empty(), clock, random),
                "kafka",
                CertificateKind.TLS_BROKER,
                List.of("localhost"),
                List.of("127.0.0.1"),
                Validity.starting(clock, Duration.ofDays(1)),
                Optional.empty(),
                random);
        trust = ClientTrust.fromPki(pki);
    }

    @Test
    void scramOverTlsYieldsTheLoginTheTrustStoreAndHostNameVerification() {
        assertThat(ClientConnection.scram(CPD, trust).properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required "
                                + "username=\"cpd\" password=\"s3cret-Password_1\";")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry(
                        "ssl.truststore.location",
                        pki.trustStoreFile().toAbsolutePath().toString())
                .containsEntry(
                        "ssl.truststore.password",
                        new String(pki.storePassword(pki.trustStoreFile()).chars()))
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry("ssl.enabled.protocols", "TLSv1.3,TLSv1.2")
                .containsEntry(
                        "ssl.cipher.suites",
                        "TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256,"
                                + "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
                .containsEntry("receive.buffer.bytes", "-1");
    }

    @Test
    void onlyTheTlsProtocolIsAccepted() {
        assertThat(ClientConnection.requireSupportedProtocol("LIAISON_KAFKA_SECURITY_PROTOCOL", " sasl_ssl"))
                .isEqualTo("SASL_SSL");
        for (String plaintext : List.of("PLAINTEXT", "SASL_PLAINTEXT")) {
            assertThatThrownBy(() ->
                            ClientConnection.requireSupportedProtocol("LIAISON_KAFKA_SECURITY_PROTOCOL", plaintext))
                    .hasMessageContaining("LIAISON_KAFKA_SECURITY_PROTOCOL must be SASL_SSL, was '" + plaintext + "'")
                    .hasMessageContaining("only over TLS");
        }
    }

    @Test
    void overridesThatWouldUndoTlsAreRefused() {
        ClientConnection.requireTlsKept(
                Map.of(
                        "security.protocol",
                        "SASL_SSL",
                        "ssl.endpoint.identification.algorithm",
                        "HTTPS",
                        "ssl.enabled.protocols",
                        "TLSv1.3",
                        "linger.ms",
                        "5"),
                "overrides:");

        assertThatThrownBy(
                        () -> ClientConnection.requireTlsKept(Map.of("security.protocol", "PLAINTEXT"), "overrides:"))
                .hasMessageContaining("overrides: security.protocol must be SASL_SSL, was 'PLAINTEXT'");
        assertThatThrownBy(() -> ClientConnection.requireTlsKept(
                        Map.of("ssl.endpoint.identification.algorithm", ""), "overrides:"))
                .hasMessageContaining("overrides: ssl.endpoint.identification.algorithm must stay https, was ''");
        assertThatThrownBy(() -> ClientConnection.requireTlsKept(
                        Map.of("ssl.enabled.protocols", "TLSv1.2,TLSv1.1"), "overrides:"))
                .hasMessageContaining(
                        "overrides: ssl.enabled.protocols may name only TLSv1.3,TLSv1.2, was 'TLSv1.2,TLSv1.1'");
    }

    @Test
    void printingNeverShowsAPassword() {
        assertThat(CPD.toString()).doesNotContain("s3cret").contains("[hidden]");
        String trustPassword =
                new String(pki.storePassword(pki.trustStoreFile()).chars());
        assertThat(ClientConnection.scram(CPD, trust).toString())
                .doesNotContain("s3cret")
                .doesNotContain(trustPassword)
                .contains("User:cpd", "SASL_SSL");
        assertThat(trust.toString()).doesNotContain(trustPassword);
    }

    @Test
    void aPasswordThatWouldBreakTheJaasQuotingIsRefused() {
        assertThatThrownBy(() -> new ScramCredential("cpd", Passphrase.of("abc\"def-ghijkl")))
                .hasMessageContaining("password of Kafka user cpd");
    }

    @Test
    void aMissingTrustStoreNamesTheFile() {
        Path absent = root.resolve("absent.p12");
        assertThatThrownBy(() -> new ClientTrust(absent, Passphrase.of("whatever-password")))
                .hasMessageContaining("ssl.truststore.location " + absent)
                .hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> ClientTrust.fromPki(PkiDirectory.at(root.resolve("empty-pki"))))
                .hasMessageContaining("truststore.p12 does not exist");
    }

    @Test
    void aWrongTrustStorePasswordNamesTheFile() {
        assertThatThrownBy(() -> new ClientTrust(pki.trustStoreFile(), Passphrase.of("not-the-password")))
                .hasMessageContaining("ssl.truststore.location " + pki.trustStoreFile())
                .hasMessageContaining("cannot be opened as PKCS#12 with its password");
    }

    @Test
    void aTrustStoreWithoutACertificateIsRefused() throws Exception {
        Path empty = root.resolve("empty.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(empty)) {
            store.store(out, "empty-store-password".toCharArray());
        }
        assertThatThrownBy(() -> new ClientTrust(empty, Passphrase.of("empty-store-password")))
                .hasMessageContaining("ssl.truststore.location " + empty + " holds no trusted certificate");
    }
}
