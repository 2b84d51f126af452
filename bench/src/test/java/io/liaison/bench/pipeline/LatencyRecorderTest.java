package io.liaison.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    @Test
    void percentilesUseTheNearestRank() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 100; i >= 1; i--) {
            r.record(i);
        }
        assertThat(r.percentile(50)).isEqualTo(50);
        assertThat(r.percentile(99)).isEqualTo(99);
        assertThat(r.percentile(99.9)).isEqualTo(100);
        assertThat(r.percentile(100)).isEqualTo(100);
        assertThat(r.percentile(0.5)).isEqualTo(1);
    }

    @Test
    void aSingleSlowDeliveryShowsInTheTailOnly() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < 1999; i++) {
            r.record(10);
        }
        r.record(900);
        assertThat(r.count()).isEqualTo(2000);
        assertThat(r.percentile(99)).isEqualTo(10);
        assertThat(r.percentile(99.99)).isEqualTo(900);
    }

    @Test
    void negativeClockDifferencesCountAsZero() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(-2);
        assertThat(r.percentile(50)).isZero();
    }

    @Test
    void emptyRecordersAndOutOfRangePercentilesAreRefused() {
        LatencyRecorder r = new LatencyRecorder();
        assertThatThrownBy(() -> r.percentile(50)).hasMessageContaining("no latency");
        r.record(1);
        assertThatThrownBy(() -> r.percentile(0)).hasMessageContaining("percentile must be in (0, 100]");
        assertThatThrownBy(() -> r.percentile(101)).hasMessageContaining("percentile must be in (0, 100]");
    }
}
