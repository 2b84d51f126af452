package io.liaison.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.liaison.kernel.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import one.profiler.AsyncProfiler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamThreadProfileTest {
    @Test
    void selfCountsTopFramesAndInclusiveCountsEachMethodOncePerStack() {
        StreamThreadProfile profile = StreamThreadProfile.of(
                List.of(
                        new StreamThreadProfile.Stack(
                                List.of("X25519Field.mul", "X25519.scalarMult", "Seal.open", "Backbone.process"), 1),
                        new StreamThreadProfile.Stack(
                                List.of("X25519Field.mul", "X25519.scalarMult", "X25519.scalarMult", "Seal.open"), 1),
                        new StreamThreadProfile.Stack(List.of("Ed25519.sign", "Backbone.process"), 1),
                        new StreamThreadProfile.Stack(List.of("AESCrypt.encryptBlock", "Seal.open"), 1)),
                3);

        assertThat(profile.samples()).isEqualTo(4);
        assertThat(profile.self()).containsOnlyKeys("X25519Field.mul", "Ed25519.sign", "AESCrypt.encryptBlock");
        assertThat(profile.self().get("X25519Field.mul")).isCloseTo(0.5, within(1e-9));
        assertThat(profile.self().keySet()).first().isEqualTo("X25519Field.mul");
        // a recursive frame counts once per stack
        assertThat(profile.inclusive().get("Seal.open")).isCloseTo(0.75, within(1e-9));
        assertThat(profile.inclusive().get("X25519.scalarMult")).isCloseTo(0.5, within(1e-9));
        assertThat(profile.inclusive()).hasSize(3);
        assertThat(profile.lines()).first().isEqualTo("stream threads: 4 CPU samples");
        assertThat(profile.lines()).contains("     75.0%  Seal.open");
    }

    @Test
    void collapsedStacksAreReadForTheStreamThreadsAndTheirProducersOnlyWeightedByTheirSampleCounts(@TempDir Path dir)
            throws Exception {
        Path collapsed = dir.resolve("profile.collapsed");
        Files.writeString(
                collapsed,
                String.join(
                        "\n",
                        "[liaison-backbone-7f3c-StreamThread-1 tid=41];java/lang/Thread.run;"
                                + "io/liaison/streams/Backbone.process;io/liaison/kernel/crypto/Ed25519.sign 3",
                        "[liaison-backbone-7f3c-StreamThread-1 tid=41];java/lang/Thread.run;"
                                + "io/liaison/streams/Backbone.process 1",
                        "[kafka-producer-network-thread | liaison-backbone-7f3c-StreamThread-1-producer tid=42];"
                                + "java/lang/Thread.run;__GI_write 4",
                        "[data-plane-kafka-request-handler-0 tid=17];java/lang/Thread.run;kafka/server/KafkaApis.handle 90",
                        ""),
                StandardCharsets.UTF_8);

        StreamThreadProfile profile = StreamThreadProfile.read(collapsed, 10);

        assertThat(profile.samples())
                .as("the broker's thread is not a stream thread")
                .isEqualTo(8);
        assertThat(profile.self()).containsOnlyKeys("__GI_write", "Ed25519.sign", "Backbone.process");
        assertThat(profile.self().get("__GI_write")).isCloseTo(0.5, within(1e-9));
        assertThat(profile.inclusive().get("Backbone.process")).isCloseTo(0.5, within(1e-9));
        assertThat(profile.inclusive().get("Thread.run")).isCloseTo(1.0, within(1e-9));
        assertThat(profile.inclusive()).doesNotContainKey("KafkaApis.handle");
    }

    @Test
    void aRealCpuProfileOfAStreamThreadNamesWhatItRan(@TempDir Path dir) throws Exception {
        AsyncProfiler profiler = AsyncProfiler.getInstance();
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = new Thread(() -> burn(stop), "bench-test-StreamThread-1");
        Thread other = new Thread(() -> burn(stop), "bench-test-other");
        Path collapsed = dir.resolve("profile.collapsed");
        profiler.execute(StreamThreadProfile.PROFILER_START);
        try {
            busy.start();
            other.start();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> profiler.getSamples() >= 200);
        } finally {
            stop.set(true);
            busy.join();
            other.join();
            profiler.execute(StreamThreadProfile.profilerStopInto(collapsed));
        }

        StreamThreadProfile profile = StreamThreadProfile.read(collapsed, 50);

        assertThat(profile.samples()).isPositive();
        assertThat(profile.inclusive()).containsKey("StreamThreadProfileTest.burn");
        assertThat(Files.readString(collapsed)).contains("[bench-test-other tid=");
    }

    private static void burn(AtomicBoolean stop) {
        byte[] digest = new byte[32];
        while (!stop.get()) {
            digest = Digests.sha256(digest);
        }
    }
}
