package io.liaison.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private final BenchReport report = new BenchReport(
            50_000,
            3,
            1,
            64,
            4,
            2.45,
            4100,
            1200,
            2940,
            16000,
            new BenchReport.FanOut(4000, 420),
            2600,
            new BenchReport.Plaintext(20000, 5000),
            new BenchReport.CpuPerMessage(
                    new BenchReport.Cpu(860.4, 310.2, 90.6),
                    new BenchReport.Cpu(61, 12, 0.2),
                    new BenchReport.Cpu(180, 35, 1),
                    new BenchReport.Cpu(290, 120, 2)),
            List.of(
                    new BenchReport.LoadPhase(0.25, 300, 4500, 11025, 40, 120, 180),
                    new BenchReport.LoadPhase(0.5, 600, 9000, 22050, 45, 200, 260)),
            Map.of());

    @Test
    void theFloorRatioIsTheLastLineAndTheRatioTheOneBefore() {
        assertThat(report.ratio()).isEqualTo(0.075);
        assertThat(report.floorRatio()).isEqualTo(0.3);
        assertThat(report.sealedCeiling()).isEqualTo(0.65);
        List<String> lines = report.lines();
        assertThat(lines.get(lines.size() - 2)).isEqualTo("ratio = 0.075");
        assertThat(lines).last().isEqualTo("floor ratio = 0.300");
    }

    @Test
    void everyFigureIsPrinted() {
        assertThat(report.lines())
                .contains(
                        "pipeline input: 1200 msg/s sustained",
                        "pipeline deliveries: 2940 deliveries/s",
                        "latency at 50% (600 msg/s offered, 9000 messages, 22050 deliveries): p50 45 ms, p99 200 ms, p99.9 260 ms",
                        "quarantined: none",
                        "passthrough (Kafka Streams exactly-once v2): 16000 msg/s",
                        "fan-out floor (exactly-once v2, the backbone's writes without its work: 2.45 copies, 4 audit records "
                                + "of 420 bytes and 1 store update per message): 4000 msg/s",
                        "passthrough on a plaintext broker (no TLS, no SASL): 20000 msg/s; TLS and SCRAM cost it 20%",
                        "fan-out floor on a plaintext broker: 5000 msg/s; TLS and SCRAM cost it 20%",
                        "CPU microseconds per input message, all of this JVM's threads (stream threads; JIT compiling): "
                                + "pipeline 860 (310; 91), passthrough 61 (12; 0), fan-out floor 180 (35; 1), "
                                + "sealed floor 290 (120; 2)",
                        "sealed floor (the fan-out floor plus the cryptography each message needs: opened with the "
                                + "backbone's key, one Ed25519 signature, each copy sealed with its key record): 2600 msg/s",
                        "ceiling = fan-out floor / passthrough = 0.250 (the best ratio any backbone writing these records reaches here)",
                        "sealed ceiling = sealed floor / fan-out floor = 0.650 (the best floor ratio any backbone "
                                + "encrypting as this one must reaches here)");
    }
}
