package io.liaison.pki;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The certificate profile in one place: how owner, kind and validity are written into a
 * certificate by {@link CertificateAuthority} and read back by {@link TrustAnchor}.
 *
 * <p>Subject: {@code O=Liaison, OU=<kind>, CN=<owner>}; SAN: {@code URI:urn:liaison:agency:<owner>}.
 */
public final class CertificateProfiles {
    public static final String ORGANIZATION = "Liaison";
    /** Prefix of the SAN URI naming a certificate's owner (an agency id, {@code backbone}, or a witness). */
    public static final String OWNER_URI_PREFIX = "urn:liaison:agency:";
    /** Owner of the backbone's attestation certificate; reserved, so no agency may use it. */
    public static final String BACKBONE_OWNER = "backbone";
    /** Owner of the quarantine officer's encryption certificate; reserved like {@link #BACKBONE_OWNER}. */
    public static final String QUARANTINE_OFFICER_OWNER = "quarantine-officer";

    private CertificateProfiles() {}

    static X500Name subject(String owner, CertificateKind kind) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.OU, kind.organizationalUnit())
                .addRDN(BCStyle.CN, owner)
                .build();
    }

    static GeneralName ownerUri(String owner) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, OWNER_URI_PREFIX + owner);
    }

    /** The owner named by the subject CN. */
    public static String owner(X509CertificateHolder certificate) {
        return single(certificate.getSubject(), BCStyle.CN, "CN", certificate);
    }

    /** The kind marked by the subject OU; empty for the CA and for certificates from elsewhere. */
    public static Optional<CertificateKind> kind(X509CertificateHolder certificate) {
        RDN[] units = certificate.getSubject().getRDNs(BCStyle.OU);
        return units.length == 1
                ? CertificateKind.ofOrganizationalUnit(
                        IETFUtils.valueToString(units[0].getFirst().getValue()))
                : Optional.empty();
    }

    public static Validity validity(X509CertificateHolder certificate) {
        return new Validity(
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
    }

    public static boolean isCa(X509CertificateHolder certificate) {
        BasicConstraints constraints = BasicConstraints.fromExtensions(certificate.getExtensions());
        return constraints != null && constraints.isCA();
    }

    /** The owner URIs in the certificate's subject alternative names. */
    static List<String> ownerUris(X509CertificateHolder certificate) {
        GeneralNames names = GeneralNames.fromExtensions(certificate.getExtensions(), Extension.subjectAlternativeName);
        if (names == null) {
            return List.of();
        }
        return Arrays.stream(names.getNames())
                .filter(n -> n.getTagNo() == GeneralName.uniformResourceIdentifier)
                .map(n -> n.getName().toString())
                .filter(uri -> uri.startsWith(OWNER_URI_PREFIX))
                .toList();
    }

    /**
     * {@code backbone} owns the attestation and backbone-encryption certificates and nothing else,
     * {@code quarantine-officer} the quarantine-encryption certificate only, so no agency can pose as either.
     */
    static void requireOwnerFits(String owner, CertificateKind kind) {
        boolean backboneKind =
                kind == CertificateKind.BACKBONE_ATTESTATION || kind == CertificateKind.BACKBONE_ENCRYPTION;
        if (backboneKind != BACKBONE_OWNER.equals(owner)) {
            throw new PkiException(
                    backboneKind
                            ? "a " + kind.organizationalUnit() + " certificate must be owned by '" + BACKBONE_OWNER
                                    + "', not '" + owner + "'"
                            : "owner '" + BACKBONE_OWNER
                                    + "' is reserved for the backbone's attestation and encryption certificates");
        }
        boolean officerKind = kind == CertificateKind.QUARANTINE_ENCRYPTION;
        if (officerKind != QUARANTINE_OFFICER_OWNER.equals(owner)) {
            throw new PkiException(
                    officerKind
                            ? "a " + kind.organizationalUnit() + " certificate must be owned by '"
                                    + QUARANTINE_OFFICER_OWNER + "', not '" + owner + "'"
                            : "owner '" + QUARANTINE_OFFICER_OWNER
                                    + "' is reserved for the quarantine-encryption certificate");
        }
    }

    private static String single(
            X500Name name, ASN1ObjectIdentifier attribute, String label, X509CertificateHolder certificate) {
        RDN[] rdns = name.getRDNs(attribute);
        if (rdns.length != 1) {
            throw new PkiException("certificate " + KeyIds.of(certificate) + " must have exactly one " + label
                    + " in its subject, has " + rdns.length);
        }
        return IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }
}
