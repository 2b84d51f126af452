package io.liaison.producer.http;

import static io.liaison.web.metrics.PrometheusText.Type.COUNTER;
import static io.liaison.web.metrics.PrometheusText.Type.SUMMARY;

import io.liaison.web.metrics.PrometheusText;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest's counters and publish latency, rendered in the Prometheus text format (0.0.4). The
 * latency summary's quantiles cover the last {@value #WINDOW} accepted requests; its sum and count
 * cover all of them. Thread-safe.
 */
final class IngestMetrics {
    /** Why a request was refused; the label value is the lower-case name. */
    enum Rejection {
        INVALID_PAYLOAD,
        INVALID_REQUEST,
        UNKNOWN_TYPE,
        TOO_LARGE,
        UNAUTHENTICATED,
        FORBIDDEN,
        IDEMPOTENCY_KEY_REUSED,
        BROKER_UNAVAILABLE,
        CLUSTER_UNAVAILABLE,
        REGISTRY_UNAVAILABLE,
        NOT_READY,
        NO_BACKBONE_KEY,
        INTERNAL_ERROR;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final int WINDOW = 1024;
    private static final double[] QUANTILES = {0.5, 0.9, 0.99};
    private static final String AGENCY = "agency";

    private final String agency;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final Map<Rejection, AtomicLong> rejected = new EnumMap<>(Rejection.class);
    private final long[] recentNanos = new long[WINDOW];
    private long latencyCount;
    private long latencySumNanos;

    IngestMetrics(String agency) {
        this.agency = agency;
        for (Rejection r : Rejection.values()) {
            rejected.put(r, new AtomicLong());
        }
    }

    /** A request answered 201: a new publish, or a replay of an earlier one with the same key. */
    void accepted(boolean replay, long elapsedNanos) {
        (replay ? replayed : accepted).incrementAndGet();
        synchronized (recentNanos) {
            recentNanos[(int) (latencyCount % WINDOW)] = elapsedNanos;
            latencyCount++;
            latencySumNanos += elapsedNanos;
        }
    }

    void rejected(Rejection reason) {
        rejected.get(reason).incrementAndGet();
    }

    long acceptedCount() {
        return accepted.get();
    }

    long rejectedCount(Rejection reason) {
        return rejected.get(reason).get();
    }

    String render() {
        String rejectedTotal = "liaison_ingest_rejected_total";
        String latency = "liaison_ingest_publish_seconds";
        PrometheusText text = new PrometheusText()
                .family("liaison_ingest_accepted_total", COUNTER, "Messages published and acknowledged by the broker.")
                .sample("liaison_ingest_accepted_total", accepted.get(), AGENCY, agency)
                .family(
                        "liaison_ingest_replayed_total",
                        COUNTER,
                        "Requests answered with an earlier receipt (same Idempotency-Key).")
                .sample("liaison_ingest_replayed_total", replayed.get(), AGENCY, agency)
                .family(rejectedTotal, COUNTER, "Requests refused, by reason.");
        rejected.forEach(
                (reason, count) -> text.sample(rejectedTotal, count.get(), AGENCY, agency, "reason", reason.label()));
        long[] window;
        long count;
        long sum;
        synchronized (recentNanos) {
            count = latencyCount;
            sum = latencySumNanos;
            window = Arrays.copyOf(recentNanos, (int) Math.min(count, WINDOW));
        }
        Arrays.sort(window);
        text.family(latency, SUMMARY, "Time from request to broker acknowledgement of accepted requests.");
        for (double q : QUANTILES) {
            String value = window.length == 0
                    ? "NaN"
                    : seconds(window[(int) Math.ceil(q * window.length) - 1]); // nearest rank
            text.sample(latency, value, AGENCY, agency, "quantile", Double.toString(q));
        }
        return text.sample(latency + "_sum", seconds(sum), AGENCY, agency)
                .sample(latency + "_count", count, AGENCY, agency)
                .text();
    }

    private static String seconds(long nanos) {
        return Double.toString(nanos / 1e9);
    }
}
