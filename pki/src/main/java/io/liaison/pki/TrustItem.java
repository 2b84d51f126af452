package io.liaison.pki;

import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * One record of the compacted {@code trust} topic, keyed by {@link TrustItems#topicKey}: a
 * certificate under its key id, a revocation under {@code revoked:<key id>}, so that re-publishing
 * a certificate can never compact its revocation away. A revocation carries its certificate too:
 * the record alone says "this key, revoked from then on". Encoded by {@link TrustItems}.
 */
public sealed interface TrustItem {
    X509CertificateHolder certificate();

    default String keyId() {
        return KeyIds.of(certificate());
    }

    /** A certificate to trust (or the CA's own, which must equal the pinned one). */
    record CertificateItem(X509CertificateHolder certificate) implements TrustItem {}

    /** A certificate and a CA-signed CRL that lists it, so the revocation is as authentic as the certificate. */
    record RevocationItem(X509CertificateHolder certificate, X509CRLHolder revocationList) implements TrustItem {}
}
