package io.liaison.producer.http;

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
        INVALID_PAYLOAD, INVALID_REQUEST, UNKNOWN_TYPE, TOO_LARGE, UNAUTHENTICATED, FORBIDDEN,
        IDEMPOTENCY_KEY_REUSED, BROKER_UNAVAILABLE, REGISTRY_UNAVAILABLE, INTERNAL_ERROR;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final int WINDOW = 1024;
    private static final double[] QUANTILES = {0.5, 0.9, 0.99};

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
        String label = "agency=\"" + agency + "\"";
        StringBuilder out = new StringBuilder();
        out.append("# HELP liaison_ingest_accepted_total Messages published and acknowledged by the broker.\n")
                .append("# TYPE liaison_ingest_accepted_total counter\n")
                .append("liaison_ingest_accepted_total{").append(label).append("} ").append(accepted.get()).append('\n');
        out.append("# HELP liaison_ingest_replayed_total Requests answered with an earlier receipt (same Idempotency-Key).\n")
                .append("# TYPE liaison_ingest_replayed_total counter\n")
                .append("liaison_ingest_replayed_total{").append(label).append("} ").append(replayed.get()).append('\n');
        out.append("# HELP liaison_ingest_rejected_total Requests refused, by reason.\n")
                .append("# TYPE liaison_ingest_rejected_total counter\n");
        rejected.forEach((reason, count) -> out.append("liaison_ingest_rejected_total{").append(label)
                .append(",reason=\"").append(reason.label()).append("\"} ").append(count.get()).append('\n'));
        long[] window;
        long count;
        long sum;
        synchronized (recentNanos) {
            count = latencyCount;
            sum = latencySumNanos;
            window = Arrays.copyOf(recentNanos, (int) Math.min(count, WINDOW));
        }
        Arrays.sort(window);
        out.append("# HELP liaison_ingest_publish_seconds Time from request to broker acknowledgement of accepted requests.\n")
                .append("# TYPE liaison_ingest_publish_seconds summary\n");
        for (double q : QUANTILES) {
            String value = window.length == 0 ? "NaN" : seconds(window[(int) Math.ceil(q * window.length) - 1]); // nearest rank
            out.append("liaison_ingest_publish_seconds{").append(label).append(",quantile=\"").append(q).append("\"} ")
                    .append(value).append('\n');
        }
        out.append("liaison_ingest_publish_seconds_sum{").append(label).append("} ").append(seconds(sum)).append('\n')
                .append("liaison_ingest_publish_seconds_count{").append(label).append("} ").append(count).append('\n');
        return out.toString();
    }

    private static String seconds(long nanos) {
        return Double.toString(nanos / 1e9);
    }
}
