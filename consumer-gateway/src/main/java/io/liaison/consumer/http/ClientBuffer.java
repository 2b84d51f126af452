package io.liaison.consumer.http;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between an agency's inbox tail (one thread, never blocked) and one client's
 * writer. {@link #offer} never waits: when the queue is full the event is not queued and the
 * buffer is marked overflowed, so one slow client costs the others nothing. What follows is the
 * writer's choice: while catching up it re-reads from Kafka, once live it drops the client. The
 * gateway may also end a feed for good ({@link #close}), e.g. when the policy withdrew its purpose.
 */
final class ClientBuffer {
    private final int capacity;
    private final ArrayDeque<InboxEvent> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean overflowed;
    private String abortReason;
    private FeedClosure closure;

    ClientBuffer(int capacity) {
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Queues {@code event} unless full; false (and overflowed until {@link #reset}) when it was not queued. */
    boolean offer(InboxEvent event) {
        lock.lock();
        try {
            if (overflowed) {
                return false;
            }
            if (queue.size() >= capacity) {
                overflowed = true;
                queue.clear(); // never sent: the writer re-reads them from the log or drops the client
                changed.signalAll();
                return false;
            }
            queue.add(event);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean overflowed() {
        lock.lock();
        try {
            return overflowed;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream as if it had overflowed, with {@code reason}: the client reconnects and resumes. */
    void abort(String reason) {
        lock.lock();
        try {
            abortReason = reason;
            overflowed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream for good with {@code closure}; the first closure wins. */
    void close(FeedClosure feedClosure) {
        lock.lock();
        try {
            if (closure == null) {
                closure = feedClosure;
            }
            overflowed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Why the gateway closed the feed, if it did. */
    Optional<FeedClosure> closure() {
        lock.lock();
        try {
            return Optional.ofNullable(closure);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the stream must end whatever the client does: aborted or closed, not merely overflowed. */
    boolean ended() {
        lock.lock();
        try {
            return abortReason != null || closure != null;
        } finally {
            lock.unlock();
        }
    }

    /** Why the client is dropped: the abort reason, or that it fell behind. */
    String dropReason() {
        lock.lock();
        try {
            return abortReason != null
                    ? abortReason
                    : "client fell more than " + capacity + " events behind the live feed";
        } finally {
            lock.unlock();
        }
    }

    /** Empties the queue and clears the overflow mark: the caller re-reads what was lost from the log. */
    void reset() {
        lock.lock();
        try {
            queue.clear();
            overflowed = abortReason != null || closure != null;
        } finally {
            lock.unlock();
        }
    }

    /** The next event; null after {@code timeoutMillis}, or at once when the buffer has overflowed. */
    InboxEvent poll(long timeoutMillis) throws InterruptedException {
        long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (queue.isEmpty() && !overflowed && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return overflowed ? null : queue.poll();
        } finally {
            lock.unlock();
        }
    }
}
