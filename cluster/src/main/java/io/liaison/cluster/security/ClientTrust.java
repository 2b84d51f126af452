package io.liaison.cluster.security;

import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.pki.TlsPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CA a client checks servers against: a PKCS#12 trust store, as {@code liaison pki issue-tls}
 * writes {@code tls/truststore.p12} (the backbone CA alone). The store is opened at construction,
 * so a missing file, a wrong password or a store without a certificate stops the process there,
 * with the file and the reason, instead of at the first connection.
 *
 * @param trustStore PKCS#12 file ({@code ssl.truststore.location})
 * @param password   its password ({@code ssl.truststore.password})
 */
public record ClientTrust(Path trustStore, Passphrase password) {
    public ClientTrust {
        Objects.requireNonNull(trustStore, "ssl.truststore.location");
        Objects.requireNonNull(password, "ssl.truststore.password");
        load(trustStore, password);
    }

    /** The PKI's shared trust store and its password file ({@code tls/truststore.p12}, {@code .p12.password}). */
    public static ClientTrust fromPki(PkiDirectory pki) {
        Path file = pki.trustStoreFile();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("ssl.truststore.location " + file + " does not exist: "
                    + "`liaison pki issue-tls` writes it with the first TLS certificate");
        }
        try {
            return new ClientTrust(file, pki.storePassword(file));
        } catch (PkiException e) {
            throw new IllegalArgumentException("ssl.truststore.password of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Kafka's client TLS settings: this trust store, TLS 1.3/1.2 with the AES-GCM suites of
     * {@link TlsPolicy}, and the server's certificate checked against the host name dialled
     * ({@code ssl.endpoint.identification.algorithm=https}, stated although it is Kafka's default,
     * so no override can blank it unnoticed).
     */
    public Map<String, String> kafkaProperties() {
        return Map.of(
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", trustStore.toAbsolutePath().toString(),
                "ssl.truststore.password", new String(password.chars()),
                "ssl.endpoint.identification.algorithm", "https",
                "ssl.protocol", TlsPolicy.PROTOCOLS.get(0),
                "ssl.enabled.protocols", TlsPolicy.protocols(),
                "ssl.cipher.suites", TlsPolicy.cipherSuites());
    }

    /** A TLS context trusting only this store, for HTTPS clients (the schema registry). */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, password));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "ssl.truststore.location " + trustStore + " cannot initialise TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, Passphrase password) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("ssl.truststore.location " + file + " is not a readable file");
        }
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password.chars());
        } catch (IOException | GeneralSecurityException e) {
            // A wrong password surfaces as an IOException whose message says so.
            throw new IllegalArgumentException(
                    "ssl.truststore.location " + file + " cannot be opened as PKCS#12 with its password: "
                            + e.getMessage(),
                    e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    return store;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "ssl.truststore.location " + file + " cannot be read: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("ssl.truststore.location " + file + " holds no trusted certificate");
    }
}
