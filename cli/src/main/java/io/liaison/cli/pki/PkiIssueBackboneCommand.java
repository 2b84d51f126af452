package io.liaison.cli.pki;

import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateProfiles;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "issue-backbone",
        mixinStandardHelpOptions = true,
        description =
                "Issue the backbone's key pairs (owner 'backbone'): its Ed25519 attestation certificate and the X25519 "
                        + "encryption certificate gateways seal ingress to, or one of them.")
final class PkiIssueBackboneCommand extends PkiSubcommand {
    @Option(
            names = "--role",
            paramLabel = "ROLE",
            defaultValue = "backbone",
            description = "backbone (default: attestation and encryption), attestation or encryption.")
    String role;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "365",
            description = "Validity in days (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--from", paramLabel = "ISO-INSTANT", description = "Start of validity (default now).")
    Instant from;

    @Option(
            names = "--key-passphrase-file",
            paramLabel = "FILE",
            description = "Encrypt the new private key with the passphrase in FILE.")
    Path keyPassphraseFile;

    @Override
    int run() {
        String owner = CertificateProfiles.BACKBONE_OWNER;
        switch (role) {
            case "backbone" -> {
                PkiIssueCommand.issueSigning(this, owner, KeyRole.BACKBONE_ATTESTATION, days, from, keyPassphraseFile);
                return PkiIssueCommand.issueEncryption(
                        this, owner, EncryptionRole.BACKBONE, days, from, keyPassphraseFile);
            }
            case "attestation" -> {
                return PkiIssueCommand.issueSigning(
                        this, owner, KeyRole.BACKBONE_ATTESTATION, days, from, keyPassphraseFile);
            }
            case "encryption" -> {
                return PkiIssueCommand.issueEncryption(
                        this, owner, EncryptionRole.BACKBONE, days, from, keyPassphraseFile);
            }
            default ->
                throw new IllegalArgumentException(
                        "--role must be backbone, attestation or encryption, not '" + role + "'");
        }
    }
}
