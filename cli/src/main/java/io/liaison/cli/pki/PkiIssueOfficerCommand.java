package io.liaison.cli.pki;

import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.pki.CertificateProfiles;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "issue-officer",
        mixinStandardHelpOptions = true,
        description =
                "Issue (rotate) the quarantine officer's X25519 encryption certificate (owner 'quarantine-officer'): "
                        + "quarantined inputs are sealed to it. `pki init` issues the first one.")
final class PkiIssueOfficerCommand extends PkiSubcommand {
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
        return PkiIssueCommand.issueEncryption(
                this,
                CertificateProfiles.QUARANTINE_OFFICER_OWNER,
                EncryptionRole.QUARANTINE_OFFICER,
                days,
                from,
                keyPassphraseFile);
    }
}
