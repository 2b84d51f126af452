package io.liaison.producer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.web.metrics.ProcessMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {
    @Test
    void countsAndLatencyAreScrapedInPrometheusTextFormat() {
        PrometheusMeterRegistry registry = ProcessMetrics.registry("ingest");
        IngestMetrics metrics = new IngestMetrics("cpd", registry);
        for (int i = 1; i <= 100; i++) {
            metrics.accepted(false, i * 1_000_000L);
        }
        metrics.accepted(true, 1_000_000L); // the replay's latency counts too: 1, 1, 2, ..., 100 ms
        metrics.rejected(IngestMetrics.Rejection.INVALID_PAYLOAD);
        metrics.rejected(IngestMetrics.Rejection.INVALID_PAYLOAD);

        String text = registry.scrape();

        assertThat(text)
                .contains(
                        "# TYPE liaison_ingest_accepted_total counter\n",
                        "liaison_ingest_accepted_total{agency=\"cpd\",process=\"ingest\"} 100.0\n",
                        "liaison_ingest_replayed_total{agency=\"cpd\",process=\"ingest\"} 1.0\n",
                        "liaison_ingest_rejected_total{agency=\"cpd\",process=\"ingest\",reason=\"invalid_payload\"} 2.0\n",
                        "liaison_ingest_rejected_total{agency=\"cpd\",process=\"ingest\",reason=\"broker_unavailable\"} 0.0\n",
                        "# TYPE liaison_ingest_publish_seconds histogram\n",
                        "liaison_ingest_publish_seconds_count{agency=\"cpd\",process=\"ingest\"} 101\n",
                        "liaison_ingest_publish_seconds_sum{agency=\"cpd\",process=\"ingest\"} 5.051\n");
        assertThat(metrics.acceptedCount()).isEqualTo(100);
        assertThat(metrics.rejectedCount(IngestMetrics.Rejection.INVALID_PAYLOAD))
                .isEqualTo(2);
    }
}
