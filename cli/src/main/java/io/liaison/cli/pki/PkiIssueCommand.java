package io.liaison.cli.pki;

import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.PkiDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "issue",
        mixinStandardHelpOptions = true,
        description =
                "Issue an agency's Ed25519 signing (or witness) certificate. A current one is kept under previous/ and "
                        + "stays trusted until it expires or is revoked, so keys rotate with an overlap.")
final class PkiIssueCommand extends PkiSubcommand {
    @Parameters(paramLabel = "AGENCY", description = "Agency id (lower-case letters, digits, hyphens), e.g. cpd.")
    String agency;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            defaultValue = "signing",
            description = "signing (default) or witness.")
    String role;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "365",
            description = "Validity in days (default ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--from",
            paramLabel = "ISO-INSTANT",
            description = "Start of validity (default now), e.g. to schedule a rotation.")
    Instant from;

    @Option(
            names = "--key-passphrase-file",
            paramLabel = "FILE",
            description = "Encrypt the new private key with the passphrase in FILE.")
    Path keyPassphraseFile;

    @Override
    int run() {
        KeyRole keyRole = switch (role) {
            case "signing" -> KeyRole.AGENCY_SIGNING;
            case "witness" -> KeyRole.WITNESS;
            default -> throw new IllegalArgumentException("--role must be signing or witness, not '" + role + "'");
        };
        return issueSigning(this, agency, keyRole, days, from, keyPassphraseFile);
    }

    /** Shared with {@code issue-backbone}. */
    static int issueSigning(
            PkiSubcommand command, String owner, KeyRole role, int days, Instant from, Path keyPassphraseFile) {
        PkiDirectory dir = command.pki.directory();
        PkiDirectory.Slot slot = dir.slot(owner, CertificateKind.of(role));
        boolean rotating = Files.exists(slot.certificate());
        IssuedCertificate issued = dir.issueSigning(
                command.pki.authority(), owner, role, validity(from, days), passphrase(keyPassphraseFile));
        IssuedCertificates.print(command.out(), issued, slot, rotating);
        return 0;
    }
}
