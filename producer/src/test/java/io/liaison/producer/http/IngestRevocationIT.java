package io.liaison.producer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.ControlPlanePublisher;
import io.liaison.embedded.TempDirs;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.BrokerSecurity;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.RevocationReason;
import io.liaison.pki.Validity;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.AgencyGatewayConfig;
import io.liaison.web.auth.TlsSettings;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the ingest with stolen credentials, against the real broker and registry: the
 * revocation is published on the trust topic after the ingest started, exactly as
 * {@code liaison pki revoke KEYID && liaison pki publish} does, and the ingest is never restarted.
 */
class IngestRevocationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Path dir;
    private static PkiDirectory pki;
    private static CertificateAuthority ca;
    private static SigningIdentity cpdKey;
    private static IssuedCertificate clientCertificate;
    private static AgencyGateway gateway;
    private static ControlPlane controlPlane;
    private static ControlPlanePublisher publisher;
    private static IngestServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = TempDirs.create("liaison-ingest-revocation-");
        SecureRandom random = new SecureRandom();
        pki = PkiDirectory.at(dir);
        pki.init(
                CertificateAuthority.DEFAULT_NAME,
                Validity.starting(CLOCK, Validity.DEFAULT_CA),
                Optional.empty(),
                random);
        ca = pki.authority(Optional.empty(), CLOCK, random);
        pki.issueSigning(
                ca, "cpd", KeyRole.AGENCY_SIGNING, Validity.starting(CLOCK, Validity.DEFAULT_LEAF), Optional.empty());
        cpdKey = pki.signingIdentity("cpd", KeyRole.AGENCY_SIGNING, Optional.empty());
        pki.issueEncryption(
                ca,
                "backbone",
                EncryptionRole.BACKBONE,
                Validity.starting(CLOCK, Validity.DEFAULT_LEAF),
                Optional.empty());
        pki.issueTls(
                ca,
                "gateway-cpd",
                CertificateKind.TLS_SERVER,
                List.of("localhost"),
                List.of("127.0.0.1"),
                Validity.starting(CLOCK, Validity.DEFAULT_LEAF),
                Optional.empty(),
                random);
        clientCertificate = pki.issueTls(
                ca,
                "cpd",
                CertificateKind.TLS_CLIENT,
                List.of("records.cpd.systems"),
                List.of(),
                Validity.starting(CLOCK, Validity.DEFAULT_LEAF),
                Optional.empty(),
                random);

        EmbeddedKafkaBroker broker = SharedKafka.get();
        IngressTopic.create(broker, "cpd");
        gateway = AgencyGateway.connect(
                AgencyGatewayConfig.defaults(
                                "cpd",
                                broker.bootstrapServers(),
                                SharedApicurio.get().url().toString())
                        .withKafkaOverrides(broker.adminConnection().properties()),
                cpdKey,
                pki.loadTrustStore(CLOCK));
        controlPlane = TestControlPlane.follow(broker, pki.loadTrustStore(CLOCK), pki.anchor());
        publisher = new ControlPlanePublisher(
                broker.bootstrapServers(),
                new HashMap<>(broker.adminConnection().properties()));
        // Client certificates are asked for, not required: the same listener takes bearer tokens.
        server = IngestServer.start(
                IngestServerConfig.defaults(0).withTls(TlsSettings.fromPki(pki, "gateway-cpd", false)),
                gateway,
                controlPlane,
                CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
        publisher.close();
        controlPlane.close();
        gateway.close();
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void aTokenSignedByAnAgencyKeyRevokedAfterStartIsRefusedNamingTheRevocation() throws Exception {
        HttpClient https = https(false);
        String token = IngestServerIT.token(cpdKey);
        assertThat(post(https, token).statusCode())
                .as("accepted before the revocation")
                .isEqualTo(201);

        pki.revoke(ca, cpdKey.keyId(), Instant.now(), RevocationReason.KEY_COMPROMISE);
        publisher.publishTrust(pki.trustItems());
        await().atMost(WAIT)
                .until(() -> controlPlane.trust().status(cpdKey.keyId(), Instant.now()) instanceof KeyStatus.Revoked);

        HttpResponse<String> stolen = post(https, token);
        assertThat(stolen.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(stolen.body()).path("error").asText())
                .contains("token key " + cpdKey.keyId(), "revoked", RevocationReason.KEY_COMPROMISE.label());
    }

    @Test
    void aClientCertificateRevokedAfterStartIsRefusedNamingTheRevocation() throws Exception {
        HttpClient https = https(true);
        assertThat(post(https, null).statusCode())
                .as("accepted before the revocation")
                .isEqualTo(201);

        pki.revoke(ca, clientCertificate.keyId(), Instant.now(), RevocationReason.KEY_COMPROMISE);
        publisher.publishTrust(pki.trustItems());
        await().atMost(WAIT)
                .until(() -> controlPlane
                        .trust()
                        .revocation(clientCertificate.keyId(), Instant.now())
                        .isPresent());

        HttpResponse<String> stolen = post(https, null);
        assertThat(stolen.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(stolen.body()).path("error").asText())
                .contains(
                        "client certificate " + clientCertificate.keyId(),
                        "revoked",
                        RevocationReason.KEY_COMPROMISE.label());
    }

    @Test
    void anIngestWhoseBrokerStopsAnsweringSaysItIsNotReadyAndServesNothing() throws Exception {
        Path brokerDir = TempDirs.create("liaison-ingest-blind-");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(
                brokerDir.resolve("kafka"),
                BrokerSecurity.ensure(
                        PkiDirectory.at(brokerDir.resolve("pki")),
                        CredentialStore.at(brokerDir.resolve("secrets")),
                        CLOCK)));
        boolean brokerStopped = false;
        try (ControlPlane followed = TestControlPlane.follow(broker, pki.loadTrustStore(CLOCK), pki.anchor());
                IngestServer ingest = IngestServer.start(
                        IngestServerConfig.defaults(0).withControlPlaneMaxLag(Duration.ofSeconds(2)),
                        gateway,
                        followed,
                        CLOCK)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest readyRequest = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + ingest.port() + "/ready"))
                    .build();
            assertThat(http.send(readyRequest, HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);

            broker.close(); // revocations published from now on would not reach this ingest
            brokerStopped = true;
            HttpResponse<String> ready = await().atMost(WAIT)
                    .until(
                            () -> http.send(readyRequest, HttpResponse.BodyHandlers.ofString()),
                            response -> response.statusCode() == 503);
            HttpResponse<String> publish = http.send(
                    IngestServerIT.request(
                            ingest.port(),
                            "CommunityNotice",
                            IngestServerIT.example("CommunityNotice"),
                            IngestServerIT.token(cpdKey),
                            Map.of()),
                    HttpResponse.BodyHandlers.ofString());

            JsonNode readiness = JSON.readTree(ready.body());
            assertThat(readiness.path("status").asText()).isEqualTo("NOT_READY");
            assertThat(readiness.path("reason").asText())
                    .contains("trust and policy are known only as of", "a revocation may be missed");
            assertThat(publish.statusCode()).isEqualTo(503);
            assertThat(publish.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(publish.body()).path("error").asText())
                    .startsWith("not ready: trust and policy are known only as of");
        } finally {
            if (!brokerStopped) {
                broker.close();
            }
            TempDirs.deleteRecursively(brokerDir);
        }
    }

    private static HttpResponse<String> post(HttpClient client, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.port() + "/v1/messages/CommunityNotice"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(IngestServerIT.example("CommunityNotice")));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An HTTPS client trusting the PKI's CA, presenting cpd's client certificate when asked to. */
    private static HttpClient https(boolean presentClientCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(
                pki.trustStoreFile(), pki.storePassword(pki.trustStoreFile()).chars()));
        KeyManagerFactory keys = null;
        if (presentClientCertificate) {
            PkiDirectory.Slot slot = pki.slot("cpd", CertificateKind.TLS_CLIENT);
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(
                    load(slot.keyStore(), pki.storePassword(slot.keyStore()).chars()),
                    pki.storePassword(slot.keyStore()).chars());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
        return HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
