package io.liaison.bench.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@code liaison bench} run does.
 *
 * @param messages      messages in the maximum-throughput phase (the pipeline's and the passthrough's)
 * @param agencies      recipient agencies each message is decided for; must match the policy
 * @param partitions    partitions of every ingress and inbox topic and of the passthrough's topics
 * @param threads       stream threads of the backbone and of both baselines alike
 * @param batchSize     most messages under one Merkle batch signature
 * @param linger        how long a paced gateway waits for more messages before sealing a batch
 * @param phaseDuration how long each fixed-load latency phase offers messages
 * @param policy        the MOU the backbone enforces
 * @param brokers       KRaft nodes: 1 in this JVM, or a cluster of that many JVMs (topics replicated up to 3 times)
 * @param instances     backbone instances of the one Streams application, each with {@code threads} stream threads
 * @param profile       where to write a JFR recording of the maximum-throughput phase, if anywhere
 */
public record BenchSettings(
        int messages,
        int agencies,
        int partitions,
        int threads,
        int batchSize,
        Duration linger,
        Duration phaseDuration,
        Path policy,
        int brokers,
        int instances,
        Optional<Path> profile) {
    /** Offered loads of the latency phases, as fractions of the measured maximum. */
    static final List<Double> LOADS = List.of(0.25, 0.50, 0.75);

    public BenchSettings {
        requireBetween("--messages", messages, 100, 50_000_000);
        requireBetween("--agencies", agencies, 1, 1000);
        requireBetween("--partitions", partitions, 1, 256);
        requireBetween("--threads", threads, 1, 64);
        requireBetween("--batch-size", batchSize, 1, 4096);
        Objects.requireNonNull(linger, "linger");
        if (linger.toMillis() < 1 || linger.toMillis() > 1000) {
            throw new IllegalArgumentException("--linger-ms must be between 1 and 1000, was " + linger.toMillis());
        }
        Objects.requireNonNull(phaseDuration, "phaseDuration");
        if (phaseDuration.toSeconds() < 1 || phaseDuration.toSeconds() > 3600) {
            throw new IllegalArgumentException(
                    "--phase-seconds must be between 1 and 3600, was " + phaseDuration.toSeconds());
        }
        Objects.requireNonNull(policy, "policy");
        requireBetween("--brokers", brokers, 1, 5);
        requireBetween("--instances", instances, 1, 8);
        Objects.requireNonNull(profile, "profile");
    }

    /**
     * Messages sent before the timed phase, so the backbone and each baseline are measured with a warm
     * JIT and warm caches: half the timed count, at most 100,000. With the broker, the clients, the
     * registry client and the witness in one JVM, its JIT was still compiling after 60,000 messages
     * (BENCHMARKS.md); a warm-up of 5,000 measured the pipeline largely on cold code.
     */
    int warmupMessages() {
        return Math.max(100, Math.min(100_000, messages / 2));
    }

    /** Messages of one latency phase at {@code rate} msg/s: the phase's duration, at most the timed count. */
    int phaseMessages(double rate) {
        return (int) Math.max(1, Math.min(messages, Math.ceil(rate * phaseDuration.toMillis() / 1000.0)));
    }

    private static void requireBetween(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
