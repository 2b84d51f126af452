package io.liaison.cli.backbone;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code liaison backbone}: run a backbone instance against an existing cluster. */
@Command(
        name = "backbone",
        mixinStandardHelpOptions = true,
        description = "Run the Streams backbone (verify, decide, redact, attest, fan out) against an existing cluster.",
        subcommands = {BackboneRunCommand.class})
public final class BackboneCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
