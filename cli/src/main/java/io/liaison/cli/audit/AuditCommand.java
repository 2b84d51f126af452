package io.liaison.cli.audit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Audit the tamper-evident dissemination log, live against Kafka or offline on an export.",
            "Exit codes: 0 verified, 1 a check failed or input was rejected, 2 usage error."
        },
        subcommands = {
            VerifyCommand.class,
            ReplayCommand.class,
            ProveCommand.class,
            CheckProofCommand.class,
            ConsistencyCommand.class,
            ExportCommand.class,
            ReviewDueCommand.class
        })
public final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
