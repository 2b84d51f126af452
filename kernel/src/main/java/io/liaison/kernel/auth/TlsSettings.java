package io.liaison.kernel.auth;

import io.liaison.kernel.pki.CertificateKind;
import io.liaison.kernel.pki.Passphrase;
import io.liaison.kernel.pki.PkiDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

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
public record TlsSettings(Path keyStore, Passphrase keyStorePassword, Path trustStore, Passphrase trustStorePassword,
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
        return new TlsSettings(slot.keyStore(), pki.storePassword(slot.keyStore()), pki.trustStoreFile(),
                pki.storePassword(pki.trustStoreFile()), requireClientCertificate);
    }

    private static void requireFile(String key, Path file) {
        Objects.requireNonNull(file, key);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(key + " " + file + " is not a readable file");
        }
    }
}
