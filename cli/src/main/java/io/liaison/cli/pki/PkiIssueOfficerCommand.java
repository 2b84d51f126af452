package io.liaison.cli.pki;

import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.pki.CertificateProfiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "issue-officer",
        mixinStandardHelpOptions = true,
        description =
                "Issue (rotate) the quarantine officer's X25519 encryption certificate (owner 'quarantine-officer'): "
                        + "quarantined inputs are sealed to it. `pki init` issues the first one.")
final class PkiIssueOfficerCommand extends PkiSubcommand {
    @Mixin
    NewKeyOptions newKey;

    @Override
    int run() {
        return PkiIssueCommand.issueEncryption(
                this, CertificateProfiles.QUARANTINE_OFFICER_OWNER, EncryptionRole.QUARANTINE_OFFICER, newKey);
    }
}
