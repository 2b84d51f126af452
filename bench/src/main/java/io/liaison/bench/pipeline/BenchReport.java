package io.liaison.bench.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run and how they are printed; the floor ratio is always the last line and the ratio
 * the one before, so scripts can take them with {@code tail -2}.
 *
 * @param messages             messages in the timed maximum-throughput phase
 * @param partitions           partitions per ingress, inbox and passthrough topic
 * @param threads              stream threads of the backbone and of both baselines
 * @param batchSize            most messages per Merkle batch signature
 * @param recipientsPerMessage recipient decisions per message (policy agencies other than the sender)
 * @param deliveriesPerMessage mean copies delivered per message under the policy
 * @param sealedPerSecond      gateway sealing throughput (encode, commit, batch-sign, encode envelope)
 * @param pipelinePerSecond    ingress messages per second the backbone sustained, until all were delivered
 * @param deliveriesPerSecond  committed inbox records per second over the same time
 * @param passthroughPerSecond records per second of the exactly-once passthrough over the same records
 * @param fanOut               the backbone's writes without its work over the same records
 * @param sealedFloorPerSecond records per second of the fan-out floor plus the cryptography each message needs
 * @param plaintext            both baselines again, same records, on a broker without TLS or SASL
 * @param cpu                  CPU this JVM spent per input message in each timed phase
 * @param phases               latency at fixed fractions of {@code pipelinePerSecond}
 * @param quarantined          quarantines by reason code over the whole run (should be empty)
 */
public record BenchReport(
        int messages,
        int partitions,
        int threads,
        int batchSize,
        int recipientsPerMessage,
        double deliveriesPerMessage,
        double sealedPerSecond,
        double pipelinePerSecond,
        double deliveriesPerSecond,
        double passthroughPerSecond,
        FanOut fanOut,
        double sealedFloorPerSecond,
        Plaintext plaintext,
        CpuPerMessage cpu,
        List<LoadPhase> phases,
        Map<String, Long> quarantined) {
    /** Input records per second of {@link BaselineApp#fanOut}, and the audit record size it wrote. */
    public record FanOut(double perSecond, int auditBytes) {}

    /** The passthrough and the fan-out floor on a plaintext broker: what TLS and SCRAM cost them. */
    public record Plaintext(double passthroughPerSecond, double fanOutPerSecond) {}

    /**
     * Microseconds per input message: CPU of all this JVM's threads, of its Kafka Streams stream
     * threads among them (each with its producer's I/O thread, whose name carries the stream
     * thread's), and the JIT compilers' compile time (near zero once the code is warm).
     */
    public record Cpu(double processMicros, double streamThreadMicros, double compileMicros) {}

    /** {@link Cpu} of the pipeline's timed rounds and of the TLS baselines over the same records. */
    public record CpuPerMessage(Cpu pipeline, Cpu passthrough, Cpu fanOut, Cpu sealedFloor) {}

    /** Publish-to-delivery latency of one fixed offered load, in milliseconds, over every delivered copy. */
    public record LoadPhase(
            double load, double offeredPerSecond, int messages, int deliveries, long p50, long p99, long p999) {}

    public BenchReport {
        phases = List.copyOf(phases);
        quarantined = Map.copyOf(quarantined);
    }

    double ratio() {
        return pipelinePerSecond / passthroughPerSecond;
    }

    /** The backbone against what Kafka alone costs for its writes, measured in the same run (issue 21's target). */
    double floorRatio() {
        return pipelinePerSecond / fanOut.perSecond();
    }

    /**
     * The sealed floor against the fan-out floor: the best floor ratio that any backbone doing this
     * cryptography, with these writes, reaches on this machine.
     */
    double sealedCeiling() {
        return sealedFloorPerSecond / fanOut.perSecond();
    }

    private static String micros(Cpu cpu) {
        return String.format(
                Locale.ROOT, "%.0f (%.0f; %.0f)", cpu.processMicros(), cpu.streamThreadMicros(), cpu.compileMicros());
    }

    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(
                Locale.ROOT,
                "messages: %d timed (~1 KB payloads, %d recipient decisions and %.2f deliveries each), "
                        + "%d partitions, %d stream thread(s), batch signatures of up to %d",
                messages,
                recipientsPerMessage,
                deliveriesPerMessage,
                partitions,
                threads,
                batchSize));
        out.add(String.format(Locale.ROOT, "gateway sealing: %.0f msg/s", sealedPerSecond));
        out.add(String.format(Locale.ROOT, "pipeline input: %.0f msg/s sustained", pipelinePerSecond));
        out.add(String.format(Locale.ROOT, "pipeline deliveries: %.0f deliveries/s", deliveriesPerSecond));
        for (LoadPhase p : phases) {
            out.add(String.format(
                    Locale.ROOT,
                    "latency at %.0f%% (%.0f msg/s offered, %d messages, %d deliveries): "
                            + "p50 %d ms, p99 %d ms, p99.9 %d ms",
                    p.load() * 100,
                    p.offeredPerSecond(),
                    p.messages(),
                    p.deliveries(),
                    p.p50(),
                    p.p99(),
                    p.p999()));
        }
        out.add("quarantined: " + (quarantined.isEmpty() ? "none" : quarantined));
        out.add(String.format(
                Locale.ROOT, "passthrough (Kafka Streams exactly-once v2): %.0f msg/s", passthroughPerSecond));
        out.add(String.format(
                Locale.ROOT,
                "fan-out floor (exactly-once v2, the backbone's writes without its work: %.2f copies, "
                        + "%d audit records of %d bytes and 1 store update per message): %.0f msg/s",
                deliveriesPerMessage,
                recipientsPerMessage,
                fanOut.auditBytes(),
                fanOut.perSecond()));
        out.add(String.format(
                Locale.ROOT,
                "sealed floor (the fan-out floor plus the cryptography each message needs: opened with the "
                        + "backbone's key, one Ed25519 signature, each copy sealed with its key record): %.0f msg/s",
                sealedFloorPerSecond));
        out.add(String.format(
                Locale.ROOT,
                "passthrough on a plaintext broker (no TLS, no SASL): %.0f msg/s; TLS and SCRAM cost it %.0f%%",
                plaintext.passthroughPerSecond(),
                100 * (1 - passthroughPerSecond / plaintext.passthroughPerSecond())));
        out.add(String.format(
                Locale.ROOT,
                "fan-out floor on a plaintext broker: %.0f msg/s; TLS and SCRAM cost it %.0f%%",
                plaintext.fanOutPerSecond(),
                100 * (1 - fanOut.perSecond() / plaintext.fanOutPerSecond())));
        out.add(String.format(
                Locale.ROOT,
                "CPU microseconds per input message, all of this JVM's threads (stream threads; JIT compiling): "
                        + "pipeline %s, passthrough %s, fan-out floor %s, sealed floor %s",
                micros(cpu.pipeline()),
                micros(cpu.passthrough()),
                micros(cpu.fanOut()),
                micros(cpu.sealedFloor())));
        out.add(String.format(
                Locale.ROOT,
                "ceiling = fan-out floor / passthrough = %.3f (the best ratio any backbone "
                        + "writing these records reaches here)",
                fanOut.perSecond() / passthroughPerSecond));
        out.add(String.format(
                Locale.ROOT,
                "sealed ceiling = sealed floor / fan-out floor = %.3f (the best floor ratio any backbone "
                        + "encrypting as this one must reaches here)",
                sealedCeiling()));
        out.add(String.format(Locale.ROOT, "ratio = %.3f", ratio()));
        out.add(String.format(Locale.ROOT, "floor ratio = %.3f", floorRatio()));
        return out;
    }
}
