package io.liaison.web.metrics;

import java.util.Locale;

/**
 * Writes the Prometheus text exposition format (version 0.0.4) that the HTTP services serve at
 * {@code /metrics}: each family's {@code # HELP} and {@code # TYPE} lines, then its samples.
 * Label values and help texts are escaped as the format requires. Not thread-safe: build one per scrape.
 *
 * <pre>{@code
 * new PrometheusText()
 *     .family("liaison_ingest_rejected_total", PrometheusText.Type.COUNTER, "Requests refused, by reason.")
 *     .sample("liaison_ingest_rejected_total", 2, "agency", "cpd", "reason", "too_large")
 *     .text();
 * }</pre>
 */
public final class PrometheusText {
    public enum Type {
        COUNTER,
        GAUGE,
        SUMMARY
    }

    /** The content type to serve the text with. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(2048);

    /** Starts a family: its help and type lines. */
    public PrometheusText family(String name, Type type, String help) {
        out.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n')
                .append("# TYPE ")
                .append(name)
                .append(' ')
                .append(type.name().toLowerCase(Locale.ROOT))
                .append('\n');
        return this;
    }

    /** A family of one unlabelled sample. */
    public PrometheusText single(String name, Type type, String help, long value) {
        return family(name, type, help).sample(name, value);
    }

    /** One sample; {@code labels} alternate name and value. */
    public PrometheusText sample(String name, long value, String... labels) {
        return sample(name, Long.toString(value), labels);
    }

    /** One sample with a value already formatted (a double, {@code NaN}). */
    public PrometheusText sample(String name, String value, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "labels of " + name + " must be name-value pairs, got " + labels.length + " strings");
        }
        out.append(name);
        for (int i = 0; i < labels.length; i += 2) {
            out.append(i == 0 ? '{' : ',')
                    .append(labels[i])
                    .append("=\"")
                    .append(labels[i + 1]
                            .replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                            .replace("\n", "\\n"))
                    .append('"');
        }
        if (labels.length > 0) {
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
        return this;
    }

    public String text() {
        return out.toString();
    }
}
