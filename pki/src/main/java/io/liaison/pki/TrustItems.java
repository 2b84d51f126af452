package io.liaison.pki;

import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.kernel.trust.TrustedKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Byte codec for {@link TrustItem}s and the rule for applying one to a {@link TrustStore}. The
 * bytes are PEM text (US-ASCII): the certificate, followed by the CRL for a revocation, so a
 * record read off the topic can be piped straight into {@code openssl x509 -text} or
 * {@code openssl crl -text}.
 */
public final class TrustItems {
    /** Prefix of a revocation's record key on the trust topic. */
    public static final String REVOKED_KEY_PREFIX = "revoked:";

    private TrustItems() {}

    /**
     * The record key of {@code item} on the compacted trust topic: the key id for a certificate,
     * {@code revoked:<key id>} for a revocation. Compaction keeps only the latest value per key, so
     * a revocation under its own key survives any later certificate record of the same key id.
     */
    public static String topicKey(TrustItem item) {
        return item instanceof TrustItem.RevocationItem ? REVOKED_KEY_PREFIX + item.keyId() : item.keyId();
    }

    public static byte[] encode(TrustItem item) {
        String pem = PemFiles.toPem(item.certificate());
        if (item instanceof TrustItem.RevocationItem r) {
            pem += PemFiles.toPem(r.revocationList());
        }
        return pem.getBytes(StandardCharsets.US_ASCII);
    }

    public static TrustItem decode(byte[] bytes) {
        List<Object> objects = PemFiles.parseAll(new String(bytes, StandardCharsets.US_ASCII));
        if (objects.size() == 1 && objects.get(0) instanceof X509CertificateHolder cert) {
            return new TrustItem.CertificateItem(cert);
        }
        if (objects.size() == 2
                && objects.get(0) instanceof X509CertificateHolder cert
                && objects.get(1) instanceof X509CRLHolder crl) {
            return new TrustItem.RevocationItem(cert, crl);
        }
        throw new PkiException(
                "a trust item must be one CERTIFICATE PEM block, optionally followed by one X509 CRL block; found "
                        + objects.stream()
                                .map(o -> o.getClass().getSimpleName())
                                .toList());
    }

    /**
     * Verifies {@code item} against the pinned CA and applies it: adds the key, and for a
     * revocation also revokes it from the stated time. A TLS certificate is published only to be
     * revoked (HTTP services check client certificates against it): it is recorded as revoked,
     * never trusted as a key. Returns the signing key added, or empty for the CA's own certificate,
     * for a revoked TLS certificate and for an encryption certificate (whose key the store then
     * holds as an {@link io.liaison.kernel.seal.EncryptionKey}). Throws {@link PkiException} for
     * anything the CA did not sign, leaving {@code store} unchanged.
     */
    public static Optional<TrustedKey> apply(TrustItem item, TrustAnchor anchor, TrustStore store) {
        if (item.keyId().equals(anchor.keyId())) {
            return Optional.empty();
        }
        if (CertificateProfiles.isCa(item.certificate())) {
            throw new PkiException(
                    "trust item " + item.keyId() + " is a CA certificate other than the pinned CA " + anchor.keyId());
        }
        if (item instanceof TrustItem.RevocationItem r
                && CertificateProfiles.kind(r.certificate())
                        .filter(CertificateKind::isTls)
                        .isPresent()) {
            anchor.verifyIssued(r.certificate());
            revocationOf(r, anchor).applyTo(store);
            return Optional.empty();
        }
        boolean encryption = CertificateProfiles.kind(item.certificate())
                .filter(CertificateKind::isEncryption)
                .isPresent();
        EncryptionKey encryptionKey = encryption ? anchor.encryptionKey(item.certificate()) : null;
        TrustedKey key = encryption ? null : anchor.trustedKey(item.certificate());
        Optional<Revocation> revocation = Optional.empty();
        if (item instanceof TrustItem.RevocationItem r) {
            revocation = Optional.of(revocationOf(r, anchor));
        }
        // Revoke before adding, so no verifier ever sees a revoked key as valid in between.
        revocation.ifPresent(rev -> rev.applyTo(store));
        if (encryption) {
            store.add(encryptionKey);
            return Optional.empty();
        }
        store.add(key);
        return Optional.of(key);
    }

    private static Revocation revocationOf(TrustItem.RevocationItem item, TrustAnchor anchor) {
        return anchor.revocation(item.revocationList(), item.certificate())
                .orElseThrow(() -> new PkiException(
                        "trust item " + item.keyId() + " carries a revocation list that does not list it"));
    }
}
