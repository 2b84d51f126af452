package io.liaison.cli.bench;

import io.liaison.bench.pipeline.BenchReport;
import io.liaison.bench.pipeline.BenchSettings;
import io.liaison.bench.pipeline.PipelineBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the whole pipeline against same-run Kafka Streams baselines, on a fresh embedded "
                    + "backbone in a temporary directory, with 4 recipient agencies, exactly-once and audit on:",
            "  - input messages/s sustained, and deliveries/s;",
            "  - publish-to-delivery latency p50/p99/p99.9 at 25, 50 and 75%% of that maximum, from the "
                    + "instant a message falls due at its gateway to its copy's committed arrival in a "
                    + "recipient's inbox;",
            "  - a plain Kafka Streams exactly-once passthrough over the same records; a fan-out floor "
                    + "(the backbone's writes without its work) that bounds the ratio on this machine; and a "
                    + "sealed floor (the fan-out floor plus opening each message, one signature and each copy "
                    + "sealed with its key record) that bounds the floor ratio;",
            "  - the passthrough and the fan-out floor again on a broker without TLS or SASL, for what TLS "
                    + "costs (what encryption costs the backbone itself: JMH EdgeSealingBench and the sealed "
                    + "floor);",
            "  - the CPU this JVM spends per input message in each timed phase, all threads and the stream "
                    + "threads alone.",
            "--brokers 3 --instances N measures scale-out on a cluster. Figures on stdout, ending with "
                    + "'ratio = pipeline msg/s / passthrough msg/s' and 'floor ratio = pipeline msg/s / fan-out "
                    + "floor msg/s'; progress on stderr."
        })
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--messages",
            description = "Messages in the timed maximum-throughput phase (default: ${DEFAULT-VALUE}).",
            defaultValue = "200000")
    int messages;

    @Option(
            names = "--agencies",
            description = "Recipient agencies each message is decided for; must match the policy "
                    + "(the example MOU: 4, every agency but the sender) (default: ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int agencies;

    @Option(
            names = "--partitions",
            description = "Partitions of every ingress, inbox and passthrough topic (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int partitions;

    @Option(
            names = "--threads",
            description = "Stream threads of the backbone, and of the passthrough and the fan-out floor "
                    + "alike, so the ratio compares like with like (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int threads;

    @Option(
            names = "--batch-size",
            description = "Most messages under one Merkle batch signature (default: ${DEFAULT-VALUE}).",
            defaultValue = "64")
    int batchSize;

    @Option(
            names = "--linger-ms",
            description =
                    "How long a paced gateway collects messages before sealing a batch (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    long lingerMs;

    @Option(
            names = "--phase-seconds",
            description = "Length of each fixed-load latency phase (default: ${DEFAULT-VALUE}).",
            defaultValue = "15")
    long phaseSeconds;

    @Option(
            names = "--policy",
            description = "Policy file (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:liaison.policy.default:-config/policy.yaml}")
    Path policy;

    @Option(
            names = "--brokers",
            description = "KRaft nodes: 1 in this JVM, or a cluster of that many JVMs with every topic replicated "
                    + "up to 3 times (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int brokers;

    @Option(
            names = "--instances",
            description = "Backbone instances of the one Streams application, each with --threads stream threads: "
                    + "scale-out; the baselines keep --threads (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int instances;

    @Option(
            names = "--profile",
            paramLabel = "FILE",
            description = "Profile the CPU of the maximum-throughput phase with async-profiler (Linux on x86-64), "
                    + "write every thread's collapsed stacks into FILE and print the stream threads' top frames "
                    + "on stderr (what bounds the pipeline). Sampling costs CPU, so a profiled run is slower "
                    + "than a plain one.")
    Path profile;

    @Override
    public Integer call() {
        BenchSettings settings;
        try {
            settings = new BenchSettings(
                    messages,
                    agencies,
                    partitions,
                    threads,
                    batchSize,
                    Duration.ofMillis(lingerMs),
                    Duration.ofSeconds(phaseSeconds),
                    policy,
                    brokers,
                    instances,
                    Optional.ofNullable(profile));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("liaison bench: " + messages + " messages, " + partitions + " partitions, " + brokers
                + " broker(s), " + instances + " backbone instance(s) of " + threads
                + " stream thread(s); this takes a while");
        BenchReport report = new PipelineBenchmark(settings, err).run();
        PrintWriter out = spec.commandLine().getOut();
        report.lines().forEach(out::println);
        out.flush();
        return 0;
    }
}
