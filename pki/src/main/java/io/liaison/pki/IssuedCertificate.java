package io.liaison.pki;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A certificate the CA just issued, with the private key generated for it (Ed25519 for signing
 * kinds and the CA, ECDSA P-256 for TLS kinds). The key never leaves the issuing process except
 * through {@link PemFiles#writePrivateKey}.
 */
public record IssuedCertificate(X509CertificateHolder certificate, PrivateKeyInfo privateKey) {
    public String keyId() {
        return KeyIds.of(certificate);
    }

    @Override
    public String toString() {
        return "IssuedCertificate[subject=" + certificate.getSubject() + ", keyId=" + keyId()
                + ", privateKey=[hidden]]";
    }
}
