package io.liaison.bench.pipeline;

/**
 * A fixed offered load: message {@code i} is due {@code i / rate} seconds after the start. The
 * publisher sends what is due, then sleeps to the next tick; a message sent late keeps its due
 * time as its timestamp, so falling behind shows up as latency instead of being hidden by a
 * slower send rate (coordinated omission).
 */
record OfferSchedule(double messagesPerSecond, long startNanos, int messages) {
    OfferSchedule {
        if (!(messagesPerSecond > 0) || Double.isInfinite(messagesPerSecond)) {
            throw new IllegalArgumentException(
                    "messagesPerSecond must be a positive finite rate, was " + messagesPerSecond);
        }
        if (messages < 1) {
            throw new IllegalArgumentException("messages must be at least 1, was " + messages);
        }
    }

    /** When message {@code index} is due, on the {@link System#nanoTime} clock. */
    long dueNanos(int index) {
        return startNanos + (long) (index * 1_000_000_000.0 / messagesPerSecond);
    }

    /** How many messages are due at {@code nowNanos}: indexes below this may be sent. */
    int dueBy(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        long due = (long) Math.floor((nowNanos - startNanos) * messagesPerSecond / 1_000_000_000.0) + 1;
        return (int) Math.min(due, messages);
    }

    boolean finished(int sent) {
        return sent >= messages;
    }
}
