package io.liaison.cli;

import io.liaison.demo.DemoRunner;
import io.liaison.runtime.config.LiaisonHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start the embedded backbone and play the multi-agency scenario.",
            "Starts Kafka, Apicurio Registry, the PKI, the Streams backbone and the gateways, plays "
                    + "the multi-agency scenario and prints what each agency received, what was withheld or "
                    + "redacted, and what was quarantined. Then keeps the stack running for other liaison "
                    + "commands until Ctrl-C (or stop after the scenario with --exit). State lives in "
                    + "$LIAISON_HOME (default .liaison)."
        })
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--exit", description = "Stop after the scenario instead of serving until Ctrl-C.")
    boolean exitAfterScenario;

    @Option(
            names = "--policy",
            description = "Policy file (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:liaison.policy.default:-config/policy.yaml}")
    Path policy;

    @Option(
            names = "--ephemeral-ports",
            description = "Pick free ports instead of 19092/19093 (Kafka) and 18081 (registry).")
    boolean ephemeralPorts;

    @Option(
            names = "--brokers",
            paramLabel = "N",
            description = {
                "KRaft nodes (default: ${DEFAULT-VALUE}, in this JVM). 3 runs three broker and controller "
                        + "JVMs (a three-voter quorum, topics with replication 3 and min.insync.replicas=2) on ports "
                        + "19092-19097."
            },
            defaultValue = "1")
    int brokers;

    @Option(
            names = "--timeout",
            description = "How long the scenario may take (default: ${DEFAULT-VALUE}).",
            defaultValue = "PT90S")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (brokers < 1 || brokers > 9) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--brokers must be between 1 and 9, was " + brokers);
        }
        return new DemoRunner(
                        LiaisonHome.resolve(),
                        policy,
                        ephemeralPorts,
                        brokers,
                        timeout,
                        spec.commandLine().getOut())
                .run(exitAfterScenario);
    }
}
