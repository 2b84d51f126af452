package io.liaison.cli.pki;

import io.liaison.pki.PkiDirectory;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description =
                "List every certificate in the PKI directory with its owner, role, key id, validity and revocation.")
final class PkiListCommand extends PkiSubcommand {
    private static final String ROW = "%-12s %-20s %-64s %-20s %-20s %s%n";

    @Override
    int run() {
        List<PkiDirectory.CertificateEntry> entries = pki.directory().list();
        out().printf(ROW, "OWNER", "ROLE", "KEY ID", "VALID FROM", "VALID TO", "STATUS");
        for (PkiDirectory.CertificateEntry e : entries) {
            String owner = e.kind().isPresent() ? e.owner() : "(ca)";
            String status = e.revocation()
                    .map(r ->
                            "revoked from " + r.revokedAt() + " (" + r.reason().label() + ")")
                    .orElse(e.current() ? "current" : "previous");
            out().printf(
                            ROW,
                            owner,
                            e.roleLabel(),
                            e.keyId(),
                            e.validity().notBefore(),
                            e.validity().notAfter(),
                            status);
        }
        return 0;
    }
}
