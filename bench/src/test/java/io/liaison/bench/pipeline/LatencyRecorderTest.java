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
    void aCopysLatencyRunsFromTheInstantItsMessageFellDue() {
        LatencyRecorder r = new LatencyRecorder();
        r.published("m-1", 1_000);
        r.published("m-2", 1_050);
        r.delivered("m-1", 1_120);
        r.delivered("m-1", 1_300);
        r.delivered("m-2", 1_090);
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.percentile(100)).isEqualTo(300);
        assertThat(r.percentile(34)).isEqualTo(120);
        assertThat(r.percentile(33)).isEqualTo(40);
    }

    @Test
    void aCopyOfAMessageThePhaseDidNotPublishIsRefused() {
        LatencyRecorder r = new LatencyRecorder();
        r.published("m-1", 1_000);
        assertThatThrownBy(() -> r.delivered("m-9", 1_100))
                .hasMessageContaining("a copy of message m-9 arrived that this phase did not publish");
        assertThat(r.count()).isZero();
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
