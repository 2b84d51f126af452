package io.liaison.cli.pki;

import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateProfiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    NewKeyOptions newKey;

    @Override
    int run() {
        String owner = CertificateProfiles.BACKBONE_OWNER;
        switch (role) {
            case "backbone" -> {
                PkiIssueCommand.issueSigning(this, owner, KeyRole.BACKBONE_ATTESTATION, newKey);
                return PkiIssueCommand.issueEncryption(this, owner, EncryptionRole.BACKBONE, newKey);
            }
            case "attestation" -> {
                return PkiIssueCommand.issueSigning(this, owner, KeyRole.BACKBONE_ATTESTATION, newKey);
            }
            case "encryption" -> {
                return PkiIssueCommand.issueEncryption(this, owner, EncryptionRole.BACKBONE, newKey);
            }
            default ->
                throw new IllegalArgumentException(
                        "--role must be backbone, attestation or encryption, not '" + role + "'");
        }
    }
}
