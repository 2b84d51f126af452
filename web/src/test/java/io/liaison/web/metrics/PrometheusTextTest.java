package io.liaison.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void aFamilyIsItsHelpAndTypeLinesThenItsSamples() {
        String text = new PrometheusText()
                .family("requests_total", PrometheusText.Type.COUNTER, "Requests, by reason.")
                .sample("requests_total", 2, "agency", "cpd", "reason", "too_large")
                .single("clients", PrometheusText.Type.GAUGE, "Clients now.", 7)
                .text();

        assertThat(text).isEqualTo("""
                # HELP requests_total Requests, by reason.
                # TYPE requests_total counter
                requests_total{agency="cpd",reason="too_large"} 2
                # HELP clients Clients now.
                # TYPE clients gauge
                clients 7
                """);
    }

    @Test
    void labelValuesAndHelpAreEscaped() {
        String text = new PrometheusText()
                .family("x", PrometheusText.Type.SUMMARY, "a \\ b\nc")
                .sample("x", "NaN", "path", "C:\\ \"quoted\"\n")
                .text();

        assertThat(text)
                .isEqualTo("# HELP x a \\\\ b\\nc\n# TYPE x summary\nx{path=\"C:\\\\ \\\"quoted\\\"\\n\"} NaN\n");
    }

    @Test
    void labelsComeInPairs() {
        assertThatThrownBy(() -> new PrometheusText().sample("x", 1, "agency"))
                .hasMessageContaining("labels of x must be name-value pairs");
    }
}
