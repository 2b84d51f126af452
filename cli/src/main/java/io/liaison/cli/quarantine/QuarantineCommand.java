package io.liaison.cli.quarantine;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "quarantine",
        mixinStandardHelpOptions = true,
        description = {
            "The quarantine officer's view of rejected inputs: list them, show one, release one whose cause was fixed.",
            "Reads the quarantine topic as the quarantine-officer Kafka user; sealed originals open with the officer's key.",
            "Exit codes: 0 done, 1 unknown id, refusal or unreachable cluster, 2 usage error."
        },
        subcommands = {QuarantineListCommand.class, QuarantineShowCommand.class, QuarantineReleaseCommand.class})
public final class QuarantineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
