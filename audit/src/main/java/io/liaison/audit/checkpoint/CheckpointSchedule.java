package io.liaison.audit.checkpoint;

import java.time.Duration;
import java.time.Instant;

/**
 * When to publish the next checkpoint: once the tree has grown, after {@code everyRecords} new
 * records or {@code maxInterval} since the last checkpoint, whichever comes first. Nothing is
 * published while the size stays the same. Pure: time is passed in. Not thread-safe.
 */
public final class CheckpointSchedule {
    private final long everyRecords;
    private final Duration maxInterval;
    private long publishedSize;
    private Instant publishedAt;

    /**
     * @param everyRecords publish after this many new records (at least 1)
     * @param maxInterval  publish a grown tree at least this often (positive)
     * @param start        the instant the interval is counted from before the first checkpoint
     */
    public CheckpointSchedule(long everyRecords, Duration maxInterval, Instant start) {
        if (everyRecords < 1) {
            throw new IllegalArgumentException("everyRecords must be at least 1, was " + everyRecords);
        }
        if (maxInterval.isNegative() || maxInterval.isZero()) {
            throw new IllegalArgumentException("maxInterval must be positive, was " + maxInterval);
        }
        this.everyRecords = everyRecords;
        this.maxInterval = maxInterval;
        this.publishedAt = start;
    }

    public boolean due(long treeSize, Instant now) {
        if (treeSize <= publishedSize) {
            return false;
        }
        return treeSize - publishedSize >= everyRecords || !now.isBefore(publishedAt.plus(maxInterval));
    }

    public void published(long treeSize, Instant now) {
        publishedSize = treeSize;
        publishedAt = now;
    }
}
