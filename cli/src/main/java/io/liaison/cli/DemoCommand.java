package io.liaison.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the embedded stack and play the multi-agency scenario.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliErrors.UserError("the demo is being built in this change");
    }
}
