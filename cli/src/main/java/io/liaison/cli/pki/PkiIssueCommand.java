package io.liaison.cli.pki;

import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.PkiDirectory;
import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "issue",
        mixinStandardHelpOptions = true,
        description =
                "Issue an agency's key pairs: its Ed25519 signing and X25519 encryption certificates (or one of them, or "
                        + "a witness certificate). A current one is kept under previous/ and stays trusted until it expires or is revoked, "
                        + "so keys rotate with an overlap; a previous encryption key keeps opening what was sealed to it.")
final class PkiIssueCommand extends PkiSubcommand {
    @Parameters(paramLabel = "AGENCY", description = "Agency id (lower-case letters, digits, hyphens), e.g. cpd.")
    String agency;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            defaultValue = "agency",
            description = "agency (default: signing and encryption), signing, encryption or witness.")
    String role;

    @Mixin
    NewKeyOptions newKey;

    @Override
    int run() {
        switch (role) {
            case "agency" -> {
                issueSigning(this, agency, KeyRole.AGENCY_SIGNING, newKey);
                return issueEncryption(this, agency, EncryptionRole.AGENCY, newKey);
            }
            case "signing" -> {
                return issueSigning(this, agency, KeyRole.AGENCY_SIGNING, newKey);
            }
            case "encryption" -> {
                return issueEncryption(this, agency, EncryptionRole.AGENCY, newKey);
            }
            case "witness" -> {
                return issueSigning(this, agency, KeyRole.WITNESS, newKey);
            }
            default ->
                throw new IllegalArgumentException(
                        "--role must be agency, signing, encryption or witness, not '" + role + "'");
        }
    }

    /** Shared with {@code issue-backbone}. */
    static int issueSigning(PkiSubcommand command, String owner, KeyRole role, NewKeyOptions newKey) {
        PkiDirectory dir = command.pki.directory();
        PkiDirectory.Slot slot = dir.slot(owner, CertificateKind.of(role));
        boolean rotating = Files.exists(slot.certificate());
        IssuedCertificate issued =
                dir.issueSigning(command.pki.authority(), owner, role, newKey.validity(), newKey.keyPassphrase());
        IssuedCertificates.print(command.out(), issued, slot, rotating);
        return 0;
    }

    /** Shared with {@code issue-backbone} and {@code init}. */
    static int issueEncryption(PkiSubcommand command, String owner, EncryptionRole role, NewKeyOptions newKey) {
        PkiDirectory dir = command.pki.directory();
        PkiDirectory.Slot slot = dir.slot(owner, CertificateKind.of(role));
        boolean rotating = Files.exists(slot.certificate());
        IssuedCertificate issued =
                dir.issueEncryption(command.pki.authority(), owner, role, newKey.validity(), newKey.keyPassphrase());
        IssuedCertificates.print(command.out(), issued, slot, rotating);
        return 0;
    }
}
