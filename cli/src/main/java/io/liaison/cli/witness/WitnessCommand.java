package io.liaison.cli.witness;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code liaison witness}: the oversight board's witness of the audit log. */
@Command(
        name = "witness",
        mixinStandardHelpOptions = true,
        description = "The oversight board's witness: cosigns audit checkpoints that extend what it cosigned before.",
        subcommands = {WitnessServeCommand.class})
public final class WitnessCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
