package io.liaison.web.auth;

import io.liaison.pki.CertificateKind;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.TlsPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS for one of the backbone's HTTP services: its server certificate and the CA whose client
 * certificates it accepts (both PKCS#12, as {@code liaison pki issue-tls} writes them).
 *
 * @param keyStore                 PKCS#12 key store with the server key and chain
 * @param keyStorePassword         its password
 * @param trustStore               PKCS#12 trust store with the backbone CA; client certificates must chain to it
 * @param trustStorePassword       its password
 * @param requireClientCertificate true: mTLS only; false: a client certificate is asked for but a
 *                                 client may authenticate with a bearer token instead
 */
public record TlsSettings(
        Path keyStore,
        Passphrase keyStorePassword,
        Path trustStore,
        Passphrase trustStorePassword,
        boolean requireClientCertificate) {
    public TlsSettings {
        requireFile("tls.keyStore", keyStore);
        Objects.requireNonNull(keyStorePassword, "tls.keyStorePassword");
        requireFile("tls.trustStore", trustStore);
        Objects.requireNonNull(trustStorePassword, "tls.trustStorePassword");
    }

    /**
     * The server certificate issued as {@code liaison pki issue-tls NAME --server} and the PKI's
     * shared trust store.
     */
    public static TlsSettings fromPki(PkiDirectory pki, String serverName, boolean requireClientCertificate) {
        PkiDirectory.Slot slot = pki.slot(serverName, CertificateKind.TLS_SERVER);
        return new TlsSettings(
                slot.keyStore(),
                pki.storePassword(slot.keyStore()),
                pki.trustStoreFile(),
                pki.storePassword(pki.trustStoreFile()),
                requireClientCertificate);
    }

    /**
     * The server's TLS context: its key and chain from {@code keyStore}, client certificates checked
     * against {@code trustStore}. Whether a client certificate is required is the listener's to set
     * from {@link #requireClientCertificate()}. Loading here, before a server binds, turns a wrong
     * password or a damaged store into an error that names the setting.
     */
    /**
     * Jetty's TLS for a server with this identity, on the one TLS policy of every Liaison wire
     * (docs/encryption.md); a client certificate is required or, when not, still verified if sent.
     */
    public SslContextFactory.Server jettyServerTls() {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(serverContext());
        ssl.setIncludeProtocols(TlsPolicy.PROTOCOLS.toArray(String[]::new));
        ssl.setIncludeCipherSuites(TlsPolicy.CIPHER_SUITES.toArray(String[]::new));
        if (requireClientCertificate) {
            ssl.setNeedClientAuth(true);
        } else {
            ssl.setWantClientAuth(true);
        }
        return ssl;
    }

    public SSLContext serverContext() {
        KeyStore keys = load("tls.keyStore", keyStore, keyStorePassword);
        KeyStore trusted = load("tls.trustStore", trustStore, trustStorePassword);
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, keyStorePassword.chars());
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "tls.keyStore " + keyStore + " does not hold a usable server key: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String key, Path file, Passphrase password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.chars());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // A wrong password surfaces as an IOException whose message says so.
            throw new IllegalArgumentException(
                    key + " " + file + " cannot be opened as PKCS#12 with its password: " + e.getMessage(), e);
        }
    }

    private static void requireFile(String key, Path file) {
        Objects.requireNonNull(file, key);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(key + " " + file + " is not a readable file");
        }
    }
}
