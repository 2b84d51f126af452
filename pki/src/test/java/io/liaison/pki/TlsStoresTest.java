package io.liaison.pki;

import static io.liaison.pki.PkiFixtures.RANDOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKCS#12 stores work with JSSE as Kafka uses it: ECDSA P-256 leaf certificates under the
 * Ed25519 root, mutual authentication, host name checked against the server's SAN.
 */
class TlsStoresTest {
    /** JSSE checks validity against the real clock, so these certificates start now. */
    private static final Clock REAL_CLOCK = Clock.systemUTC();

    @TempDir
    Path root;

    private PkiDirectory pki;
    private CertificateAuthority ca;

    @BeforeEach
    void init() {
        pki = PkiDirectory.at(root);
        pki.init("CA", Validity.starting(REAL_CLOCK, Duration.ofDays(3650)), Optional.empty(), RANDOM);
        ca = pki.authority(Optional.empty(), REAL_CLOCK, RANDOM);
    }

    @Test
    void mutualTlsHandshakeSucceedsWithIssuedStores() throws Exception {
        issue("broker-1", CertificateKind.TLS_SERVER);
        issue("cpd", CertificateKind.TLS_CLIENT);

        String echoed = handshake(
                context(pki.slot("broker-1", CertificateKind.TLS_SERVER)),
                context(pki.slot("cpd", CertificateKind.TLS_CLIENT)));

        assertThat(echoed).isEqualTo("CN=cpd,OU=tls-client,O=Liaison");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        pki.slot("cpd", CertificateKind.TLS_CLIENT).keyStore())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        pki.slot("cpd", CertificateKind.TLS_CLIENT).keyStorePassword())))
                .isEqualTo("rw-------");
    }

    @Test
    void twoBrokersAuthenticateEachOtherWithTheSameKindOfCertificate() throws Exception {
        issue("kafka-1", CertificateKind.TLS_BROKER);
        issue("kafka-2", CertificateKind.TLS_BROKER);

        String echoed = handshake(
                context(pki.slot("kafka-1", CertificateKind.TLS_BROKER)),
                context(pki.slot("kafka-2", CertificateKind.TLS_BROKER)));

        assertThat(echoed).isEqualTo("CN=kafka-2,OU=tls-broker,O=Liaison");
    }

    @Test
    void aServerCertificateCannotAuthenticateAClient() throws Exception {
        issue("broker-1", CertificateKind.TLS_SERVER);
        issue("gateway", CertificateKind.TLS_SERVER);

        // serverAuth only: JSSE refuses it as a client certificate, so a gateway's key cannot join the broker mesh
        assertThatThrownBy(() -> handshake(
                        context(pki.slot("broker-1", CertificateKind.TLS_SERVER)),
                        context(pki.slot("gateway", CertificateKind.TLS_SERVER))))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void clientFromAnotherCaIsRefused(@TempDir Path otherRoot) throws Exception {
        issue("broker-1", CertificateKind.TLS_SERVER);
        PkiDirectory other = PkiDirectory.at(otherRoot);
        other.init("Other CA", Validity.starting(REAL_CLOCK, Duration.ofDays(3650)), Optional.empty(), RANDOM);
        other.issueTls(
                other.authority(Optional.empty(), REAL_CLOCK, RANDOM),
                "cpd",
                CertificateKind.TLS_CLIENT,
                List.of(),
                List.of(),
                Validity.starting(REAL_CLOCK, Duration.ofDays(1)),
                Optional.empty(),
                RANDOM);
        SSLContext rogue = context(other.slot("cpd", CertificateKind.TLS_CLIENT), pki.trustStoreFile(), pki);

        assertThatThrownBy(() -> handshake(context(pki.slot("broker-1", CertificateKind.TLS_SERVER)), rogue))
                .isInstanceOf(SSLHandshakeException.class);
    }

    private void issue(String name, CertificateKind kind) {
        boolean named = kind != CertificateKind.TLS_CLIENT;
        pki.issueTls(
                ca,
                name,
                kind,
                named ? List.of("localhost") : List.of(),
                named ? List.of("127.0.0.1") : List.of(),
                Validity.starting(REAL_CLOCK, Duration.ofDays(1)),
                Optional.empty(),
                RANDOM);
    }

    private SSLContext context(PkiDirectory.Slot slot) throws Exception {
        return context(slot, pki.trustStoreFile(), pki);
    }

    private static SSLContext context(PkiDirectory.Slot slot, Path trustStore, PkiDirectory trustOwner)
            throws Exception {
        PkiDirectory owner = PkiDirectory.at(slot.dir().getParent().getParent());
        KeyStore keys = load(slot.keyStore(), owner.storePassword(slot.keyStore()));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, owner.storePassword(slot.keyStore()).chars());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore, trustOwner.storePassword(trustStore)));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, Passphrase password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.chars());
        }
        return store;
    }

    /** Runs one handshake; the server answers with the client certificate's subject. */
    private static String handshake(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket)
                server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setSoTimeout(10_000);
            CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.startHandshake();
                    String subject = socket.getSession().getPeerPrincipal().getName();
                    socket.getOutputStream().write((subject + "\n").getBytes());
                    socket.getOutputStream().flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket =
                    (SSLSocket) client.getSocketFactory().createSocket("localhost", listener.getLocalPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm(
                        "HTTPS"); // as Kafka's default ssl.endpoint.identification.algorithm
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(10_000);
                String line;
                try {
                    socket.startHandshake();
                    line = new String(socket.getInputStream().readAllBytes()).trim();
                } catch (java.io.IOException e) {
                    throw refusal(e, serverSide);
                }
                serverSide.get(10, TimeUnit.SECONDS);
                return line;
            }
        }
    }

    /**
     * Why the client's handshake failed. When the server refuses the client's certificate it aborts
     * the connection, and the client, still writing its handshake, may see only a broken pipe or a
     * reset instead of the alert (a race, seen under load): the server's own SSLHandshakeException
     * then says what the refusal was.
     */
    private static Exception refusal(java.io.IOException client, CompletableFuture<Void> serverSide) {
        if (client instanceof SSLHandshakeException) {
            return client;
        }
        try {
            serverSide.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SSLHandshakeException refused) {
                    refused.addSuppressed(client);
                    return refused;
                }
            }
        }
        return client;
    }
}
