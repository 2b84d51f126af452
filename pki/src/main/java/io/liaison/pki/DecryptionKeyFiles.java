package io.liaison.pki;

import io.liaison.kernel.seal.DecryptionKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/** {@link DecryptionKey}s from a PKCS#8 X25519 private key and the encryption certificate it belongs to. */
public final class DecryptionKeyFiles {
    private DecryptionKeyFiles() {}

    /** Owner from the certificate's CN, key id from its fingerprint; refuses a key that is not the certificate's. */
    public static DecryptionKey of(PrivateKeyInfo privateKey, X509CertificateHolder certificate) {
        String keyId = KeyIds.of(certificate);
        if (CertificateProfiles.kind(certificate)
                .filter(CertificateKind::isEncryption)
                .isEmpty()) {
            throw new PkiException("certificate " + keyId + " is not an encryption certificate");
        }
        X25519PrivateKeyParameters key;
        try {
            if (!(PrivateKeyFactory.createKey(privateKey) instanceof X25519PrivateKeyParameters x)) {
                throw new PkiException("the private key for certificate " + keyId + " is not an X25519 key");
            }
            key = x;
        } catch (IOException e) {
            throw new PkiException("the private key for certificate " + keyId + " is malformed", e);
        }
        if (!TrustAnchor.certifies(certificate, key)) {
            throw new PkiException("the private key does not belong to certificate " + keyId);
        }
        return new DecryptionKey(CertificateProfiles.owner(certificate), keyId, key);
    }

    public static DecryptionKey load(Path privateKeyPem, Path certificatePem, Optional<Passphrase> passphrase) {
        return of(PemFiles.readPrivateKey(privateKeyPem, passphrase), PemFiles.readCertificate(certificatePem));
    }
}
