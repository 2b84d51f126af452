package io.liaison.consumer.http;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A position in an agency's inbox: the next offset to read in every partition. It is the SSE
 * event id ({@code Last-Event-ID}) and the REST cursor: {@code "15.7.22"} means partition 0 from
 * offset 15, partition 1 from 7, partition 2 from 22. A feed advances it past every record it
 * has looked at, delivered or filtered out, so a reconnecting client resumes exactly after the
 * last event it received: per partition, offsets are totally ordered and the backbone writes each
 * copy once, so nothing is missed and nothing is sent twice.
 *
 * <p>Mutable and confined to one feed's thread.
 */
final class FeedCursor {
    static final int MAX_PARTITIONS = 1024;

    private final long[] next;

    private FeedCursor(long[] next) {
        this.next = next;
    }

    static FeedCursor of(Map<Integer, Long> nextOffsets, int partitions) {
        long[] next = new long[partitions];
        nextOffsets.forEach((p, o) -> next[p] = o);
        return new FeedCursor(next);
    }

    /**
     * Parses an event id for an inbox of {@code partitions} partitions.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static FeedCursor parse(String text, int partitions) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != partitions) {
            throw new IllegalArgumentException("names " + parts.length + " partitions, the inbox has " + partitions);
        }
        long[] next = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            try {
                next[p] = Long.parseLong(parts[p]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("position " + p + " ('" + parts[p] + "') is not a number");
            }
            if (next[p] < 0) {
                throw new IllegalArgumentException("position " + p + " is negative");
            }
        }
        return new FeedCursor(next);
    }

    /** Whether the record at {@code offset} of {@code partition} lies at or after this position. */
    boolean isAhead(int partition, long offset) {
        return offset >= next[partition];
    }

    void advancePast(int partition, long offset) {
        advanceTo(partition, offset + 1);
    }

    /** Moves the position of {@code partition} forward to {@code nextOffset}; never backward. */
    void advanceTo(int partition, long nextOffset) {
        next[partition] = Math.max(next[partition], nextOffset);
    }

    long next(int partition) {
        return next[partition];
    }

    int partitions() {
        return next.length;
    }

    /** Whether every partition has reached {@code ends} (the log end offsets). */
    boolean reached(Map<Integer, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> next[e.getKey()] >= e.getValue());
    }

    String encode() {
        return Arrays.stream(next).mapToObj(Long::toString).collect(Collectors.joining("."));
    }

    FeedCursor copy() {
        return new FeedCursor(next.clone());
    }

    @Override
    public String toString() {
        return encode();
    }
}
