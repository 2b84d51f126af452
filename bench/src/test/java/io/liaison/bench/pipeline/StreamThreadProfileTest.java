package io.liaison.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamThreadProfileTest {
    @Test
    void selfCountsTopFramesAndInclusiveCountsEachMethodOncePerStack() {
        StreamThreadProfile profile = StreamThreadProfile.of(
                List.of(
                        List.of("X25519Field.mul", "X25519.scalarMult", "Seal.open", "Backbone.process"),
                        List.of("X25519Field.mul", "X25519.scalarMult", "X25519.scalarMult", "Seal.open"),
                        List.of("Ed25519.sign", "Backbone.process"),
                        List.of("AESCrypt.encryptBlock", "Seal.open")),
                3);

        assertThat(profile.samples()).isEqualTo(4);
        assertThat(profile.self()).containsOnlyKeys("X25519Field.mul", "Ed25519.sign", "AESCrypt.encryptBlock");
        assertThat(profile.self().get("X25519Field.mul")).isCloseTo(0.5, within(1e-9));
        assertThat(profile.self().keySet()).first().isEqualTo("X25519Field.mul");
        // a recursive frame counts once per stack
        assertThat(profile.inclusive().get("Seal.open")).isCloseTo(0.75, within(1e-9));
        assertThat(profile.inclusive().get("X25519.scalarMult")).isCloseTo(0.5, within(1e-9));
        assertThat(profile.inclusive()).hasSize(3);
        assertThat(profile.lines()).first().isEqualTo("stream threads: 4 samples");
        assertThat(profile.lines()).contains("     75.0%  Seal.open");
    }

    /** An event of a type other than an execution sample, as a real recording holds thousands of. */
    @Name("liaison.bench.Other")
    static final class OtherEvent extends Event {}

    @Test
    void aRecordingsOtherEventsAreSkippedNotMistakenForSamples(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("other.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(OtherEvent.class);
            recording.start();
            new OtherEvent().commit();
            recording.stop();
            recording.dump(file);
        }

        StreamThreadProfile profile = StreamThreadProfile.read(file, 10);

        assertThat(profile.samples()).isZero();
        assertThat(profile.self()).isEmpty();
    }
}
