package io.liaison.cli.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code liaison admin}: broker-side setup from the policy (topics, ACLs, SCRAM users). */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = {
            "Set up a Kafka cluster for the backbone: SCRAM users, topics and ACLs from the policy.",
            "Run `admin users` first (once, and to rotate passwords), then `admin apply`."
        },
        subcommands = {AdminUsersCommand.class, AdminApplyCommand.class})
public final class AdminCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
