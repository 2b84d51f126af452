package io.liaison.cli.ingest;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code liaison ingest}: an agency's HTTP ingest. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "An agency's HTTP ingest: JSON in, signed messages on the agency's ingress topic, receipts out.",
        subcommands = {IngestServeCommand.class})
public final class IngestCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
