package io.liaison.bench.pipeline;

import java.util.Arrays;

/**
 * Publish-to-delivery latencies of one load phase, kept exactly (a phase holds at most a few
 * hundred thousand deliveries, so no histogram approximation is needed). Percentiles use the
 * nearest-rank method: p99 is the smallest value at least 99% of the samples do not exceed.
 * Not thread-safe: one delivery-counting thread records.
 */
final class LatencyRecorder {
    private long[] millis = new long[1024];
    private int count;

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
