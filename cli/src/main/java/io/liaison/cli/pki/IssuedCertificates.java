package io.liaison.cli.pki;

import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import java.io.PrintWriter;

/** How the issuing verbs report what they wrote. */
final class IssuedCertificates {
    private IssuedCertificates() {}

    static void print(PrintWriter out, IssuedCertificate issued, PkiDirectory.Slot slot, boolean rotated) {
        Validity validity = CertificateProfiles.validity(issued.certificate());
        out.printf(
                "issued %s certificate for %s%n",
                CertificateProfiles.kind(issued.certificate()).orElseThrow().organizationalUnit(),
                CertificateProfiles.owner(issued.certificate()));
        out.printf("  key id:      %s%n", issued.keyId());
        out.printf("  certificate: %s%n", slot.certificate());
        out.printf("  private key: %s (0600)%n", slot.privateKey());
        out.printf("  valid:       %s to %s%n", validity.notBefore(), validity.notAfter());
        if (rotated) {
            out.printf(
                    "  the previous certificate moved to %s and stays trusted until it expires or is revoked%n",
                    slot.dir().resolve("previous"));
        }
    }
}
