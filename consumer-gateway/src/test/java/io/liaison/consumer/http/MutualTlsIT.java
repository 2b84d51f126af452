package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.web.auth.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with client certificates from the backbone PKI, and nothing else. */
class MutualTlsIT {
    @TempDir
    static Path dir;

    private static InboxFixture fixture;
    private static PkiDirectory pki;
    private static PkiDirectory foreign;
    private static ConsumerGatewayServer gateway;

    @BeforeAll
    static void start() {
        fixture = new InboxFixture();
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        pki = issueClientAndServer(dir.resolve("pki"), random, clock);
        foreign = issueClientAndServer(dir.resolve("foreign"), random, clock);
        gateway = ConsumerGatewayServer.start(
                fixture.gatewayConfig().withTls(TlsSettings.fromPki(pki, "gateway", true)),
                fixture.controlPlane,
                fixture.decryptionKeys.get("cpd"),
                clock);
    }

    private static PkiDirectory issueClientAndServer(Path root, SecureRandom random, Clock clock) {
        PkiDirectory directory = PkiDirectory.at(root);
        directory.init("Liaison Test CA", Validity.starting(clock, Duration.ofDays(2)), Optional.empty(), random);
        CertificateAuthority ca = directory.authority(Optional.empty(), clock, random);
        Validity day = Validity.starting(clock, Duration.ofDays(1));
        directory.issueTls(
                ca,
                "gateway",
                CertificateKind.TLS_SERVER,
                List.of("localhost"),
                List.of("127.0.0.1"),
                day,
                Optional.empty(),
                random);
        directory.issueTls(
                ca,
                "cpd",
                CertificateKind.TLS_CLIENT,
                List.of("jdoe.cpd.analysts"),
                List.of(),
                day,
                Optional.empty(),
                random);
        return directory;
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixture.close();
    }

    @Test
    void aClientCertificateFromTheBackbonePkiIsTheAnalystsIdentity() throws Exception {
        HttpResponse<String> response = client(pki)
                .send(
                        request("/v1/agencies/cpd/messages?purpose=crowd-safety&limit=1"),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> fixture.auditRecords().stream()
                        .anyMatch(r -> "jdoe.cpd.analysts".equals(r.getRecipientPerson())
                                && r.getDecision() == AuditDecision.SUBSCRIBED
                                && "https-rest".equals(r.getMethod())));
    }

    @Test
    void theCertificateBindsTheAnalystToItsAgency() throws Exception {
        HttpResponse<String> response = client(pki)
                .send(request("/v1/agencies/ice/messages?purpose=crowd-safety"), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedInTheHandshake() {
        assertThatThrownBy(() -> client(foreign)
                        .send(
                                request("/v1/agencies/cpd/messages?purpose=crowd-safety"),
                                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    private static HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    /** A client presenting {@code clientPki}'s cpd certificate and trusting only the gateway's PKI. */
    private static HttpClient client(PkiDirectory clientPki) throws Exception {
        PkiDirectory.Slot slot = clientPki.slot("cpd", CertificateKind.TLS_CLIENT);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(
                load(slot.keyStore(), clientPki.storePassword(slot.keyStore())),
                clientPki.storePassword(slot.keyStore()).chars());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(pki.trustStoreFile(), pki.storePassword(pki.trustStoreFile())));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
        return HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static KeyStore load(Path file, Passphrase password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.chars());
        }
        return store;
    }
}
