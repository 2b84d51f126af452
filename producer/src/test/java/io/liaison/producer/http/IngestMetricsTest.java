package io.liaison.producer.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestMetricsTest {
    @Test
    void countsAndLatencyRenderInPrometheusTextFormat() {
        IngestMetrics metrics = new IngestMetrics("cpd");
        for (int i = 1; i <= 100; i++) {
            metrics.accepted(false, i * 1_000_000L);
        }
        metrics.accepted(true, 1_000_000L); // the replay's latency counts too: 1, 1, 2, ..., 100 ms
        metrics.rejected(IngestMetrics.Rejection.INVALID_PAYLOAD);
        metrics.rejected(IngestMetrics.Rejection.INVALID_PAYLOAD);

        String text = metrics.render();

        assertThat(text)
                .contains(
                        "# TYPE liaison_ingest_accepted_total counter\nliaison_ingest_accepted_total{agency=\"cpd\"} 100\n",
                        "liaison_ingest_replayed_total{agency=\"cpd\"} 1\n",
                        "liaison_ingest_rejected_total{agency=\"cpd\",reason=\"invalid_payload\"} 2\n",
                        "liaison_ingest_rejected_total{agency=\"cpd\",reason=\"broker_unavailable\"} 0\n",
                        "# TYPE liaison_ingest_publish_seconds summary\n",
                        "liaison_ingest_publish_seconds{agency=\"cpd\",quantile=\"0.5\"} 0.05\n",
                        "liaison_ingest_publish_seconds{agency=\"cpd\",quantile=\"0.99\"} 0.099\n",
                        "liaison_ingest_publish_seconds_count{agency=\"cpd\"} 101\n");
    }

    @Test
    void anEmptySummaryHasNoQuantiles() {
        assertThat(new IngestMetrics("cpd").render())
                .contains("liaison_ingest_publish_seconds{agency=\"cpd\",quantile=\"0.5\"} NaN\n");
    }
}
