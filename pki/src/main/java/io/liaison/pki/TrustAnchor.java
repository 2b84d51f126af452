package io.liaison.pki;

import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustedKey;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcEdDSAContentVerifierProviderBuilder;

/**
 * The pinned backbone root CA certificate, and everything that is checked against it: a
 * certificate is trusted only if the CA signed it, its validity lies within the CA's, and it fits
 * one of the profiles in {@link CertificateProfiles}. The CA's own certificate is loaded from a
 * file the operator controls, never from the trust topic.
 */
public final class TrustAnchor {
    private final X509CertificateHolder certificate;
    private final ContentVerifierProvider verifier;

    private TrustAnchor(X509CertificateHolder certificate) {
        this.certificate = certificate;
        if (!CertificateProfiles.isCa(certificate)) {
            throw new PkiException("certificate " + KeyIds.of(certificate) + " (" + certificate.getSubject()
                    + ") is not a CA certificate");
        }
        this.verifier = verifierFor(certificate);
        if (!certificate.getIssuer().equals(certificate.getSubject()) || !signedBy(certificate, verifier)) {
            throw new PkiException("CA certificate " + KeyIds.of(certificate) + " is not self-signed");
        }
    }

    public static TrustAnchor of(X509CertificateHolder caCertificate) {
        return new TrustAnchor(caCertificate);
    }

    public X509CertificateHolder certificate() {
        return certificate;
    }

    public String keyId() {
        return KeyIds.of(certificate);
    }

    public Validity validity() {
        return CertificateProfiles.validity(certificate);
    }

    /** Refuses a CA that is expired or not yet valid at {@code at}. */
    public void requireValidAt(Instant at) {
        if (!validity().contains(at)) {
            throw new PkiException("CA certificate " + keyId() + " is valid from "
                    + validity().notBefore() + " to " + validity().notAfter() + ", not at " + at);
        }
    }

    /** Checks that the CA issued {@code cert}: issuer name, signature, and validity nested in the CA's. */
    public void verifyIssued(X509CertificateHolder cert) {
        String keyId = KeyIds.of(cert);
        if (!cert.getIssuer().equals(certificate.getSubject()) || !signedBy(cert, verifier)) {
            throw new PkiException("certificate " + keyId + " (" + cert.getSubject() + ") is not signed by the CA "
                    + certificate.getSubject());
        }
        if (!validity().contains(CertificateProfiles.validity(cert))) {
            throw new PkiException("certificate " + keyId + " is valid until "
                    + cert.getNotAfter().toInstant() + ", beyond its CA's validity (until "
                    + validity().notAfter() + ")");
        }
        if (CertificateProfiles.isCa(cert)) {
            throw new PkiException(
                    "certificate " + keyId + " is a CA certificate; only end-entity certificates are trusted");
        }
    }

    /**
     * The trusted Ed25519 key of a signing, attestation or witness certificate issued by this CA.
     * Time is not checked here: the {@link io.liaison.kernel.trust.TrustStore} applies validity
     * and revocations at each verification instant.
     */
    public TrustedKey trustedKey(X509CertificateHolder cert) {
        verifyIssued(cert);
        String keyId = KeyIds.of(cert);
        CertificateKind kind = CertificateProfiles.kind(cert)
                .orElseThrow(() -> new PkiException("certificate " + keyId + " has no Liaison role in its subject OU"));
        KeyRole role = kind.keyRole()
                .orElseThrow(() -> new PkiException("certificate " + keyId + " is a " + kind.organizationalUnit()
                        + " certificate, not a signing key"));
        String owner = requireOwner(cert, kind, keyId);
        KeyUsage usage = KeyUsage.fromExtensions(cert.getExtensions());
        if (usage == null || !usage.hasUsages(KeyUsage.digitalSignature)) {
            throw new PkiException("certificate " + keyId + " lacks keyUsage digitalSignature");
        }
        return new TrustedKey(
                keyId,
                owner,
                role,
                ed25519(cert.getSubjectPublicKeyInfo(), keyId),
                cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant());
    }

    /**
     * The X25519 key of an encryption certificate issued by this CA: an encryption kind in its OU,
     * owner CN equal to its SAN, keyUsage keyAgreement and not digitalSignature (an encryption key
     * never signs). Time and revocation are applied by the {@link io.liaison.kernel.trust.TrustStore}.
     */
    public EncryptionKey encryptionKey(X509CertificateHolder cert) {
        verifyIssued(cert);
        String keyId = KeyIds.of(cert);
        CertificateKind kind = CertificateProfiles.kind(cert)
                .orElseThrow(() -> new PkiException("certificate " + keyId + " has no Liaison role in its subject OU"));
        EncryptionRole role = kind.encryptionRole()
                .orElseThrow(() -> new PkiException("certificate " + keyId + " is a " + kind.organizationalUnit()
                        + " certificate, not an encryption key"));
        String owner = requireOwner(cert, kind, keyId);
        KeyUsage usage = KeyUsage.fromExtensions(cert.getExtensions());
        if (usage == null || !usage.hasUsages(KeyUsage.keyAgreement) || usage.hasUsages(KeyUsage.digitalSignature)) {
            throw new PkiException(
                    "certificate " + keyId + " must have keyUsage keyAgreement and not digitalSignature");
        }
        return new EncryptionKey(
                keyId,
                owner,
                role,
                x25519(cert.getSubjectPublicKeyInfo(), keyId),
                cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant());
    }

    private static String requireOwner(X509CertificateHolder cert, CertificateKind kind, String keyId) {
        String owner = CertificateProfiles.owner(cert);
        CertificateProfiles.requireOwnerFits(owner, kind);
        List<String> uris = CertificateProfiles.ownerUris(cert);
        if (!uris.equals(List.of(CertificateProfiles.OWNER_URI_PREFIX + owner))) {
            throw new PkiException("certificate " + keyId + " names owner " + owner + " in its subject but " + uris
                    + " in its subject alternative name");
        }
        return owner;
    }

    /** Checks a CRL's issuer and signature. */
    public void verifyCrl(X509CRLHolder crl) {
        try {
            if (!crl.getIssuer().equals(certificate.getSubject()) || !crl.isSignatureValid(verifier)) {
                throw new PkiException("revocation list is not signed by the CA " + certificate.getSubject());
            }
        } catch (CertException e) {
            throw new PkiException("cannot check the revocation list's signature: " + e.getMessage(), e);
        }
    }

    /** The revocation of {@code cert} recorded in {@code crl} (whose signature is checked first), if any. */
    public Optional<Revocation> revocation(X509CRLHolder crl, X509CertificateHolder cert) {
        verifyCrl(crl);
        X509CRLEntryHolder entry = crl.getRevokedCertificate(cert.getSerialNumber());
        if (entry == null) {
            return Optional.empty();
        }
        return Optional.of(RevocationListEntry.of(entry).toRevocation(KeyIds.of(cert)));
    }

    static Ed25519PublicKeyParameters ed25519(SubjectPublicKeyInfo info, String keyId) {
        if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getAlgorithm().getAlgorithm())) {
            throw new PkiException("certificate " + keyId + " holds a "
                    + info.getAlgorithm().getAlgorithm() + " key; signing certificates must hold Ed25519 keys");
        }
        try {
            return (Ed25519PublicKeyParameters) PublicKeyFactory.createKey(info);
        } catch (IOException e) {
            throw new PkiException("certificate " + keyId + " holds a malformed Ed25519 key", e);
        }
    }

    static X25519PublicKeyParameters x25519(SubjectPublicKeyInfo info, String keyId) {
        if (!EdECObjectIdentifiers.id_X25519.equals(info.getAlgorithm().getAlgorithm())) {
            throw new PkiException("certificate " + keyId + " holds a "
                    + info.getAlgorithm().getAlgorithm() + " key; encryption certificates must hold X25519 keys");
        }
        try {
            return (X25519PublicKeyParameters) PublicKeyFactory.createKey(info);
        } catch (IOException e) {
            throw new PkiException("certificate " + keyId + " holds a malformed X25519 key", e);
        }
    }

    /** Whether {@code cert} holds the public half of the X25519 {@code key}. */
    static boolean certifies(X509CertificateHolder cert, X25519PrivateKeyParameters key) {
        return Arrays.equals(
                key.generatePublicKey().getEncoded(),
                x25519(cert.getSubjectPublicKeyInfo(), KeyIds.of(cert)).getEncoded());
    }

    /** Whether {@code cert} holds the public half of {@code key}. */
    static boolean certifies(X509CertificateHolder cert, Ed25519PrivateKeyParameters key) {
        return Arrays.equals(
                key.generatePublicKey().getEncoded(),
                ed25519(cert.getSubjectPublicKeyInfo(), KeyIds.of(cert)).getEncoded());
    }

    private static ContentVerifierProvider verifierFor(X509CertificateHolder ca) {
        try {
            return new BcEdDSAContentVerifierProviderBuilder()
                    .build(ed25519(ca.getSubjectPublicKeyInfo(), KeyIds.of(ca)));
        } catch (OperatorCreationException e) {
            throw new PkiException("cannot build a verifier for CA " + ca.getSubject(), e);
        }
    }

    private static boolean signedBy(X509CertificateHolder cert, ContentVerifierProvider verifier) {
        try {
            return cert.isSignatureValid(verifier);
        } catch (CertException e) {
            return false;
        }
    }
}
