package io.liaison.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {
    private static BenchSettings settings(int messages, int batchSize, long lingerMs, long phaseSeconds) {
        return settings(messages, batchSize, lingerMs, phaseSeconds, 1, 1);
    }

    private static BenchSettings cluster(int brokers, int instances) {
        return settings(1000, 64, 10, 15, brokers, instances);
    }

    private static BenchSettings settings(
            int messages, int batchSize, long lingerMs, long phaseSeconds, int brokers, int instances) {
        return new BenchSettings(
                messages,
                4,
                3,
                1,
                batchSize,
                Duration.ofMillis(lingerMs),
                Duration.ofSeconds(phaseSeconds),
                Path.of("policy.yaml"),
                brokers,
                instances,
                Optional.empty());
    }

    @Test
    void warmUpIsHalfTheTimedCountBoundedBetweenOneHundredAndOneHundredThousand() {
        assertThat(settings(1_000_000, 64, 10, 15).warmupMessages()).isEqualTo(100_000);
        assertThat(settings(200_000, 64, 10, 15).warmupMessages()).isEqualTo(100_000);
        assertThat(settings(20_000, 64, 10, 15).warmupMessages()).isEqualTo(10_000);
        assertThat(settings(150, 64, 10, 15).warmupMessages()).isEqualTo(100);
    }

    @Test
    void aPhaseOffersItsDurationAtTheRateButNeverMoreThanTheTimedCount() {
        assertThat(settings(200_000, 64, 10, 15).phaseMessages(400)).isEqualTo(6000);
        assertThat(settings(2000, 64, 10, 15).phaseMessages(400)).isEqualTo(2000);
        assertThat(settings(2000, 64, 10, 15).phaseMessages(0.01)).isEqualTo(1);
    }

    @Test
    void badValuesNameTheirOption() {
        assertThatThrownBy(() -> settings(10, 64, 10, 15)).hasMessageContaining("--messages");
        assertThatThrownBy(() -> settings(1000, 0, 10, 15)).hasMessageContaining("--batch-size");
        assertThatThrownBy(() -> cluster(0, 1)).hasMessageContaining("--brokers");
        assertThatThrownBy(() -> cluster(1, 9)).hasMessageContaining("--instances");
        assertThatThrownBy(() -> settings(1000, 64, 0, 15)).hasMessageContaining("--linger-ms");
        assertThatThrownBy(() -> settings(1000, 64, 10, 0)).hasMessageContaining("--phase-seconds");
    }
}
