package io.liaison.pki;

import io.liaison.kernel.crypto.SigningIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/** {@link SigningIdentity}s from a PKCS#8 private key and the certificate it belongs to. */
public final class SigningIdentities {
    private SigningIdentities() {}

    /** Owner from the certificate's CN, key id from its fingerprint; refuses a key that is not the certificate's. */
    public static SigningIdentity of(PrivateKeyInfo privateKey, X509CertificateHolder certificate) {
        String keyId = KeyIds.of(certificate);
        Ed25519PrivateKeyParameters key;
        try {
            if (!(PrivateKeyFactory.createKey(privateKey) instanceof Ed25519PrivateKeyParameters ed)) {
                throw new PkiException("the private key for certificate " + keyId + " is not an Ed25519 key");
            }
            key = ed;
        } catch (IOException e) {
            throw new PkiException("the private key for certificate " + keyId + " is malformed", e);
        }
        if (!TrustAnchor.certifies(certificate, key)) {
            throw new PkiException("the private key does not belong to certificate " + keyId);
        }
        return new SigningIdentity(CertificateProfiles.owner(certificate), keyId, key);
    }

    public static SigningIdentity load(Path privateKeyPem, Path certificatePem, Optional<Passphrase> passphrase) {
        return of(PemFiles.readPrivateKey(privateKeyPem, passphrase), PemFiles.readCertificate(certificatePem));
    }
}
