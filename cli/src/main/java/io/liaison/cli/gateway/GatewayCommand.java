package io.liaison.cli.gateway;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code liaison gateway}: the consumer gateway (analysts' feeds and console) and its tokens. */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        description =
                "The consumer gateway: analysts' SSE feeds, REST catch-up and console; bearer tokens for it and the ingest.",
        subcommands = {GatewayServeCommand.class, GatewayTokenCommand.class})
public final class GatewayCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
