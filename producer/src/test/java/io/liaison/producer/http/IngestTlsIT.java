package io.liaison.producer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.controlplane.ControlPlane;
import io.liaison.embedded.TempDirs;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.AgencyGatewayConfig;
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
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** mTLS with client certificates issued by the backbone PKI: own agency in, other agency 403, other CA no handshake. */
class IngestTlsIT {
    private static final Clock CLOCK = Clock.systemUTC();
    private static Path dir;
    private static PkiDirectory pki;
    private static PkiDirectory otherPki;
    private static AgencyGateway gateway;
    private static ControlPlane controlPlane;
    private static IngestServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = TempDirs.create("liaison-ingest-tls-");
        pki = newPki(dir.resolve("pki"));
        otherPki = newPki(dir.resolve("other-pki"));
        SecureRandom random = new SecureRandom();
        CertificateAuthority ca = pki.authority(Optional.empty(), CLOCK, random);
        pki.issueSigning(
                ca, "cpd", KeyRole.AGENCY_SIGNING, Validity.starting(CLOCK, Validity.DEFAULT_LEAF), Optional.empty());
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
        for (String agency : List.of("cpd", "ice")) {
            pki.issueTls(
                    ca,
                    agency,
                    CertificateKind.TLS_CLIENT,
                    List.of(),
                    List.of(),
                    Validity.starting(CLOCK, Validity.DEFAULT_LEAF),
                    Optional.empty(),
                    random);
        }
        otherPki.issueTls(
                otherPki.authority(Optional.empty(), CLOCK, random),
                "cpd",
                CertificateKind.TLS_CLIENT,
                List.of(),
                List.of(),
                Validity.starting(CLOCK, Validity.DEFAULT_LEAF),
                Optional.empty(),
                random);

        IngressTopic.create(SharedKafka.get(), "cpd");
        gateway = AgencyGateway.connect(
                AgencyGatewayConfig.defaults(
                                "cpd",
                                SharedKafka.get().bootstrapServers(),
                                SharedApicurio.get().url().toString())
                        .withKafkaOverrides(SharedKafka.get().adminConnection().properties()),
                pki.signingIdentity("cpd", KeyRole.AGENCY_SIGNING, Optional.empty()),
                pki.loadTrustStore(CLOCK));
        controlPlane = TestControlPlane.follow(SharedKafka.get(), pki.loadTrustStore(CLOCK), pki.anchor());
        server = IngestServer.start(
                IngestServerConfig.defaults(0).withTls(TlsSettings.fromPki(pki, "gateway-cpd", true)),
                gateway,
                controlPlane,
                CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
        gateway.close();
        controlPlane.close();
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void theAgencysOwnClientCertificatePublishes() throws Exception {
        assertThat(post(client(pki, "cpd")).statusCode()).isEqualTo(201);
    }

    @Test
    void aClientCertificateOfAnotherAgencyIsForbidden() throws Exception {
        HttpResponse<String> response = post(client(pki, "ice"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("authenticated as agency ice; this gateway publishes only as cpd");
    }

    @Test
    void aClientCertificateOfAnotherCaFailsTheHandshake() throws Exception {
        HttpClient stranger = client(otherPki, "cpd");

        assertThatThrownBy(() -> post(stranger)).isInstanceOf(IOException.class);
    }

    @Test
    void tls12IsAcceptedWithAnAeadSuiteAndRefusedWithACbcOne() throws Exception {
        SSLParameters aead =
                new SSLParameters(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}, new String[] {"TLSv1.2"});
        SSLParameters cbc =
                new SSLParameters(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"}, new String[] {"TLSv1.2"});

        assertThat(post(client(pki, "cpd", aead)).statusCode()).isEqualTo(201);
        assertThatThrownBy(() -> post(client(pki, "cpd", cbc))).isInstanceOf(IOException.class);
    }

    private static HttpResponse<String> post(HttpClient client) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.port() + "/v1/messages/CommunityNotice"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(IngestServerIT.example("CommunityNotice")))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A client presenting {@code name}'s tls-client certificate from {@code clientPki}, trusting the gateway's CA. */
    private static HttpClient client(PkiDirectory clientPki, String name) throws Exception {
        return client(clientPki, name, null);
    }

    /** As {@link #client(PkiDirectory, String)}, offering only the protocols and suites of {@code parameters} (null: the JDK's). */
    private static HttpClient client(PkiDirectory clientPki, String name, SSLParameters parameters) throws Exception {
        PkiDirectory.Slot slot = clientPki.slot(name, CertificateKind.TLS_CLIENT);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(
                load(slot.keyStore(), clientPki.storePassword(slot.keyStore()).chars()),
                clientPki.storePassword(slot.keyStore()).chars());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(
                pki.trustStoreFile(), pki.storePassword(pki.trustStoreFile()).chars()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(context);
        return (parameters == null ? builder : builder.sslParameters(parameters)).build();
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static PkiDirectory newPki(Path root) {
        PkiDirectory directory = PkiDirectory.at(root);
        directory.init(
                CertificateAuthority.DEFAULT_NAME,
                Validity.starting(CLOCK, Validity.DEFAULT_CA),
                Optional.empty(),
                new SecureRandom());
        return directory;
    }
}
