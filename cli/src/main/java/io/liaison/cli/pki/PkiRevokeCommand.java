package io.liaison.cli.pki;

import io.liaison.pki.Revocation;
import io.liaison.pki.RevocationReason;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description =
                "Revoke a certificate from a given instant on, and re-sign revocations.crl. Messages signed with the key "
                        + "are rejected at or after that instant.")
final class PkiRevokeCommand extends PkiSubcommand {
    @Parameters(
            paramLabel = "KEYID",
            description = "Key id (SHA-256 certificate fingerprint, hex) or a unique prefix of at least 8 digits.")
    String keyId;

    @Option(
            names = "--at",
            paramLabel = "ISO-INSTANT",
            description = "When the revocation takes effect (default now), e.g. 2026-05-01T00:00:00Z.")
    Instant at;

    @Option(
            names = "--reason",
            paramLabel = "REASON",
            defaultValue = "unspecified",
            description = "One of: unspecified, key-compromise, ca-compromise, affiliation-changed, superseded, "
                    + "cessation-of-operation, privilege-withdrawn (default ${DEFAULT-VALUE}).")
    String reason;

    @Override
    int run() {
        RevocationReason why = RevocationReason.ofLabel(reason);
        Revocation revocation =
                pki.directory().revoke(pki.authority(), keyId, at == null ? PkiOptions.CLOCK.instant() : at, why);
        out().printf(
                        "revoked key %s from %s (%s)%n",
                        revocation.keyId(),
                        revocation.revokedAt(),
                        revocation.reason().label());
        out().printf("  revocation list: %s%n", pki.directory().revocationsFile());
        return 0;
    }
}
