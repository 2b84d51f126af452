package io.liaison.cli.pki;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code liaison pki}: the backbone's offline root CA and the certificates it issues (docs/signing.md). */
@Command(
        name = "pki",
        mixinStandardHelpOptions = true,
        description =
                "Manage the backbone PKI: root CA, agency/backbone/witness signing certificates, agency/backbone/quarantine-officer "
                        + "encryption certificates, TLS certificates, revocations.",
        subcommands = {
            PkiInitCommand.class,
            PkiIssueCommand.class,
            PkiIssueBackboneCommand.class,
            PkiIssueOfficerCommand.class,
            PkiIssueTlsCommand.class,
            PkiRevokeCommand.class,
            PkiListCommand.class,
            PkiPublishCommand.class,
            PkiExportCommand.class,
        })
public final class PkiCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
