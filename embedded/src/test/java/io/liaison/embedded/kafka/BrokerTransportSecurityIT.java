package io.liaison.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.ClientTrust;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network attacker against the real embedded broker: every listener speaks TLS with a
 * certificate of the project CA and nothing else. Each test first shows the honest client getting
 * through where it matters, so a refusal is the attack's and not a broken broker.
 */
class BrokerTransportSecurityIT {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** TLS record content type of an alert (RFC 8446, 5.1): what a TLS listener sends back to a cleartext request. */
    private static final int TLS_ALERT = 0x15;

    @TempDir
    static Path dir;

    private static PkiDirectory pki;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        pki = PkiDirectory.at(dir.resolve("pki"));
        broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(
                dir.resolve("kafka"), BrokerSecurity.ensure(pki, CredentialStore.at(dir.resolve("secrets")), CLOCK)));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aPlaintextClientIsRefusedByTheClientListener() throws Exception {
        Map<String, Object> plaintext = quick(Map.of(
                "security.protocol",
                "PLAINTEXT",
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()));

        assertThat(clusterId(broker.adminClientProperties())).isNotBlank();
        assertNoAnswer(plaintext);
        assertThat(firstBytesAnsweringACleartextRequest(broker.port()))
                .satisfiesAnyOf(
                        reply -> assertThat(reply).isEmpty(),
                        reply -> assertThat(reply[0] & 0xff)
                                .as("TLS alert record")
                                .isEqualTo(TLS_ALERT));
    }

    @Test
    void aSaslPlaintextClientWithTheRightPasswordIsRefused() {
        // the admin's own SCRAM login, without TLS: the broker never starts the SASL exchange
        Map<String, Object> p = new HashMap<>(broker.adminClientProperties());
        p.keySet().removeIf(key -> key.startsWith("ssl."));
        p.put("security.protocol", "SASL_PLAINTEXT");

        assertNoAnswer(quick(p));
    }

    @Test
    void aClientThatDoesNotTrustTheProjectCaIsRefused(@TempDir Path otherRoot) throws Exception {
        PkiDirectory other = PkiDirectory.at(otherRoot);
        other.init("Some Other CA", Validity.starting(CLOCK, Validity.DEFAULT_CA), Optional.empty(), RANDOM);
        other.issueTls(
                other.authority(Optional.empty(), CLOCK, RANDOM),
                "kafka",
                CertificateKind.TLS_BROKER,
                List.of("localhost"),
                List.of("127.0.0.1"),
                Validity.starting(CLOCK, Duration.ofDays(1)),
                Optional.empty(),
                RANDOM);
        ClientConnection trustsAnotherCa =
                ClientConnection.scram(broker.config().security().admin(), ClientTrust.fromPki(other));
        Map<String, Object> jdkDefaultTrust = new HashMap<>(broker.adminClientProperties());
        jdkDefaultTrust.keySet().removeIf(key -> key.startsWith("ssl.truststore."));

        assertThat(clusterId(broker.adminClientProperties())).isNotBlank();
        assertUntrusted(properties(trustsAnotherCa));
        assertUntrusted(quick(jdkDefaultTrust));
    }

    @Test
    void anImpostorWithACertificateOfAnotherCaIsRefused(@TempDir Path otherRoot) throws Exception {
        // the right names, 127.0.0.1 and localhost, signed by a CA of the very same name but another key
        PkiDirectory other = PkiDirectory.at(otherRoot);
        other.init(
                CertificateAuthority.DEFAULT_NAME,
                Validity.starting(CLOCK, Validity.DEFAULT_CA),
                Optional.empty(),
                RANDOM);
        other.issueTls(
                other.authority(Optional.empty(), CLOCK, RANDOM),
                "kafka",
                CertificateKind.TLS_BROKER,
                List.of("localhost"),
                List.of("127.0.0.1"),
                Validity.starting(CLOCK, Duration.ofDays(1)),
                Optional.empty(),
                RANDOM);
        try (TlsImpostor impostor =
                TlsImpostor.start(serverContext(other, other.slot("kafka", CertificateKind.TLS_BROKER)))) {
            Map<String, Object> p = broker.adminClientProperties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + impostor.port());

            assertThatThrownBy(() -> clusterId(quick(p)))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class)
                    .rootCause()
                    .hasMessageContaining("Signature does not match");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(impostor.handshakeFailures())
                            .as("handshakes the client aborted")
                            .isPositive());
        }
    }

    @Test
    void aServerWithAProjectCertificateForAnotherNameIsRefused() throws Exception {
        // an impostor holding a genuine project certificate, issued for another host, where the broker should be
        pki.issueTls(
                pki.authority(Optional.empty(), CLOCK, RANDOM),
                "elsewhere",
                CertificateKind.TLS_BROKER,
                List.of("kafka-elsewhere.example"),
                List.of("10.9.8.7"),
                Validity.starting(CLOCK, Duration.ofDays(1)),
                Optional.empty(),
                RANDOM);
        try (TlsImpostor impostor =
                TlsImpostor.start(serverContext(pki, pki.slot("elsewhere", CertificateKind.TLS_BROKER)))) {
            Map<String, Object> p = broker.adminClientProperties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + impostor.port());

            assertThatThrownBy(() -> clusterId(quick(p)))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class)
                    .rootCause()
                    .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(impostor.handshakeFailures())
                            .as("handshakes the client aborted")
                            .isPositive());
        }
    }

    @Test
    void tls12WithAnAeadSuiteIsAcceptedAndACbcSuiteIsRefused() throws Exception {
        Map<String, Object> tls12 = broker.adminClientProperties();
        tls12.put("ssl.protocol", "TLSv1.2");
        tls12.put("ssl.enabled.protocols", "TLSv1.2");
        tls12.put("ssl.cipher.suites", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        Map<String, Object> cbc = new HashMap<>(tls12);
        cbc.put("ssl.cipher.suites", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");

        assertThat(clusterId(tls12)).isNotBlank();
        assertHandshakeRefused(quick(cbc));
    }

    @Test
    void theControllerListenerRefusesPlaintextAndClientsWithoutACertificate() throws Exception {
        String controller = "127.0.0.1:" + broker.controllerPort();
        Map<String, Object> plaintext = quick(
                Map.of("security.protocol", "PLAINTEXT", AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controller));
        Map<String, Object> tlsWithoutCertificate =
                new HashMap<>(broker.adminConnection().trust().kafkaProperties());
        tlsWithoutCertificate.put("security.protocol", "SSL");
        tlsWithoutCertificate.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controller);

        assertNoAnswer(plaintext);
        assertThat(firstBytesAnsweringACleartextRequest(broker.controllerPort()))
                .satisfiesAnyOf(
                        reply -> assertThat(reply).isEmpty(),
                        reply -> assertThat(reply[0] & 0xff)
                                .as("TLS alert record")
                                .isEqualTo(TLS_ALERT));
        assertHandshakeRefused(quick(tlsWithoutCertificate));
    }

    private static void assertNoAnswer(Map<String, Object> client) {
        assertThatThrownBy(() -> clusterId(client))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
    }

    private static void assertHandshakeRefused(Map<String, Object> client) {
        assertThatThrownBy(() -> clusterId(client))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SslAuthenticationException.class);
    }

    /** The certificate is not the problem's subject: the chain is, as no trusted CA signed it. */
    private static void assertUntrusted(Map<String, Object> client) {
        assertThatThrownBy(() -> clusterId(client))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SslAuthenticationException.class)
                .rootCause()
                .hasMessageContaining("unable to find valid certification path");
    }

    private static String clusterId(Map<String, Object> client) throws Exception {
        try (Admin admin = Admin.create(client)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> properties(ClientConnection security) {
        Map<String, Object> p = new HashMap<>(security.properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return quick(p);
    }

    /** Short timeouts: an attack that gets no answer fails in seconds. */
    private static Map<String, Object> quick(Map<String, Object> client) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        return p;
    }

    /**
     * Sends a Kafka ApiVersions request in clear text and returns what comes back before the
     * listener closes: nothing, or a TLS alert record, never a Kafka response.
     */
    private static byte[] firstBytesAnsweringACleartextRequest(int port) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(request);
        byte[] clientId = "attacker".getBytes(StandardCharsets.US_ASCII);
        out.writeInt(2 + 2 + 4 + 2 + clientId.length);
        out.writeShort(18); // ApiVersions
        out.writeShort(0);
        out.writeInt(1);
        out.writeShort(clientId.length);
        out.write(clientId);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toByteArray());
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            try {
                for (int b = in.read(); b >= 0 && reply.size() < 16; b = in.read()) {
                    reply.write(b);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError(
                        "the listener neither answered nor closed within 10 s; got " + reply.size() + " bytes", e);
            } catch (IOException e) {
                // connection reset: the listener dropped the cleartext connection
            }
            return reply.toByteArray();
        }
    }

    private static SSLContext serverContext(PkiDirectory owner, PkiDirectory.Slot slot) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(slot.keyStore())) {
            keys.load(in, owner.storePassword(slot.keyStore()).chars());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, owner.storePassword(slot.keyStore()).chars());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /** A TLS server on 127.0.0.1 that completes handshakes with whatever certificate it holds and counts failed ones. */
    private static final class TlsImpostor implements AutoCloseable {
        private final SSLServerSocket listener;
        private final Thread acceptor;
        private final java.util.concurrent.atomic.AtomicInteger failures =
                new java.util.concurrent.atomic.AtomicInteger();

        private TlsImpostor(SSLServerSocket listener) {
            this.listener = listener;
            this.acceptor = new Thread(this::serve, "tls-impostor");
            this.acceptor.setDaemon(true);
        }

        static TlsImpostor start(SSLContext context) throws IOException {
            TlsImpostor impostor = new TlsImpostor((SSLServerSocket)
                    context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            impostor.acceptor.start();
            return impostor;
        }

        int port() {
            return listener.getLocalPort();
        }

        int handshakeFailures() {
            return failures.get();
        }

        private void serve() {
            while (!listener.isClosed()) {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.setSoTimeout(5000);
                    try {
                        socket.startHandshake();
                        socket.getInputStream().read();
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    }
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
