package io.liaison.cli.complaints;

import io.liaison.cli.audit.ComplaintProofsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "complaints",
        mixinStandardHelpOptions = true,
        description = {
            "Complaints from the public: the intake service, and oversight's status changes, reading and proofs.",
            "The intake logs in to Kafka as complaints-intake; the other verbs as complaints-officer, "
                    + "with the oversight agency's decryption key. Exit codes: 0 done, 1 refused or unreachable "
                    + "cluster, 2 usage error."
        },
        subcommands = {
            ComplaintsServeCommand.class,
            ComplaintsStatusCommand.class,
            ComplaintsShowCommand.class,
            ComplaintsReferralsCommand.class,
            ComplaintProofsCommand.class
        })
public final class ComplaintsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
