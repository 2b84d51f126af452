package io.liaison.pki;

import io.liaison.kernel.crypto.Digests;
import java.io.IOException;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Key ids: the lower-case hex SHA-256 fingerprint of the DER certificate, the same value as
 * {@code openssl x509 -noout -fingerprint -sha256} without colons. A key id names one certificate,
 * so a re-issued certificate for the same key is a new key id.
 */
public final class KeyIds {
    private KeyIds() {}

    public static String of(X509CertificateHolder certificate) {
        try {
            return Digests.hex(Digests.sha256(certificate.getEncoded()));
        } catch (IOException e) {
            throw new PkiException("cannot encode certificate " + certificate.getSubject(), e);
        }
    }
}
