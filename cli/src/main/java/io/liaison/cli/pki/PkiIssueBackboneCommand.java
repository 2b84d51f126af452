package io.liaison.cli.pki;

import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateProfiles;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "issue-backbone",
        mixinStandardHelpOptions = true,
        description = "Issue the backbone's Ed25519 attestation certificate (owner 'backbone').")
final class PkiIssueBackboneCommand extends PkiSubcommand {
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
        return PkiIssueCommand.issueSigning(
                this, CertificateProfiles.BACKBONE_OWNER, KeyRole.BACKBONE_ATTESTATION, days, from, keyPassphraseFile);
    }
}
