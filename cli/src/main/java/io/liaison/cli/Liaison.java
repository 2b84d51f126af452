package io.liaison.cli;

import io.liaison.cli.bench.BenchNotInstalled;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one {@code ./liaison} command. Each verb is its own class; this one only lists them.
 * Exit codes: 0 success, 1 a check failed or input was rejected, 2 usage error, 70 internal error.
 */
@Command(
        name = "liaison",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Secure interagency messaging backbone on Apache Kafka.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            io.liaison.cli.backbone.BackboneCommand.class,
            io.liaison.cli.checkpoint.CheckpointCommand.class,
            io.liaison.cli.witness.WitnessCommand.class,
            io.liaison.cli.policy.PolicyCommand.class,
            io.liaison.cli.pki.PkiCommand.class,
            io.liaison.cli.audit.AuditCommand.class,
            io.liaison.cli.audit.ReportCommand.class,
            io.liaison.cli.expunge.ExpungeCommand.class,
            io.liaison.cli.publish.PublishCommand.class,
            io.liaison.cli.admin.AdminCommand.class,
            io.liaison.cli.ingest.IngestCommand.class,
            io.liaison.cli.gateway.GatewayCommand.class,
            io.liaison.cli.quarantine.QuarantineCommand.class,
            io.liaison.cli.complaints.ComplaintsCommand.class,
        })
public final class Liaison implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Liaison());
        // Not in the annotation: the services image has no bench module (BenchNotInstalled).
        cl.addSubcommand(BenchNotInstalled.command());
        cl.setExecutionExceptionHandler(new CliErrors());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
