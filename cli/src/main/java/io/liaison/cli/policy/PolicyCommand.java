package io.liaison.cli.policy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code liaison policy}: work with need-to-know policy files. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description =
                "Validate a need-to-know policy, explain its decisions, simulate a candidate on the retained traffic, approve and publish a new version.",
        subcommands = {
            PolicyCheckCommand.class,
            PolicyExplainCommand.class,
            PolicySimulateCommand.class,
            PolicyApproveCommand.class,
            PolicyPublishCommand.class
        })
public final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
