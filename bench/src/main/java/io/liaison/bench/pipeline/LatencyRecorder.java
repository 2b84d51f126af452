package io.liaison.bench.pipeline;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publish-to-delivery latencies of one load phase, kept exactly (a phase holds at most a few
 * hundred thousand deliveries, so no histogram approximation is needed). A copy's latency runs from
 * the instant its message fell due at the gateway, which the publishing thread notes by message id,
 * to the copy's committed arrival in an inbox, which the delivery-counting thread reports; inbox
 * copies are keyed by message id, and their record timestamps cannot serve, as the broker stamps
 * inbox records when it appends them. Percentiles use the nearest-rank method: p99 is the smallest
 * value at least 99% of the samples do not exceed. One thread publishes and one records.
 */
final class LatencyRecorder {
    private final Map<String, Long> dueMillis = new ConcurrentHashMap<>();
    private long[] millis = new long[1024];
    private int count;

    /** Message {@code messageId} fell due at its gateway at {@code wallMillis}: its copies' latencies start there. */
    void published(String messageId, long wallMillis) {
        dueMillis.put(messageId, wallMillis);
    }

    /** A copy of message {@code messageId} arrived at {@code receivedAtMillis}. */
    void delivered(String messageId, long receivedAtMillis) {
        Long due = dueMillis.get(messageId);
        if (due == null) {
            throw new IllegalStateException(
                    "a copy of message " + messageId + " arrived that this phase did not publish");
        }
        record(receivedAtMillis - due);
    }

    void record(long latencyMillis) {
        if (count == millis.length) {
            millis = Arrays.copyOf(millis, count * 2);
        }
        millis[count++] = Math.max(0, latencyMillis); // clocks of one machine; a negative value is rounding
    }

    int count() {
        return count;
    }

    /** @param percentile in (0, 100] */
    long percentile(double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
        }
        if (count == 0) {
            throw new IllegalStateException("no latency was recorded");
        }
        long[] sorted = Arrays.copyOf(millis, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * count);
        return sorted[Math.max(rank, 1) - 1];
    }
}
