package io.liaison.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * One entry of the CA's CRL. A CRL names certificates by serial number, so turning an entry into a
 * {@link Revocation} (which names a key id) needs the certificate it belongs to.
 */
public record RevocationListEntry(BigInteger serial, Instant revokedAt, RevocationReason reason) {
    public static List<RevocationListEntry> of(X509CRLHolder crl) {
        List<RevocationListEntry> entries = new ArrayList<>();
        for (Object entry : crl.getRevokedCertificates()) { // a raw Collection in Bouncy Castle's API
            entries.add(of((X509CRLEntryHolder) entry));
        }
        return entries;
    }

    static RevocationListEntry of(X509CRLEntryHolder entry) {
        Extension reasonCode =
                entry.getExtensions() == null ? null : entry.getExtensions().getExtension(Extension.reasonCode);
        RevocationReason reason = reasonCode == null
                ? RevocationReason.UNSPECIFIED
                : RevocationReason.ofCrlCode(CRLReason.getInstance(reasonCode.getParsedValue())
                                .getValue()
                                .intValue())
                        .orElse(RevocationReason.UNSPECIFIED);
        return new RevocationListEntry(
                entry.getSerialNumber(), entry.getRevocationDate().toInstant(), reason);
    }

    public Revocation toRevocation(String keyId) {
        return new Revocation(keyId, revokedAt, reason);
    }
}
