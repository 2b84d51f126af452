package io.liaison.producer.http;

import io.liaison.producer.Receipt;
import io.liaison.producer.SignedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What this gateway instance did for each {@code Idempotency-Key}: the signed message and its
 * delivery. A repeated request joins the first one's delivery (in flight or done) and gets its
 * receipt; after a failed delivery (broker timeout) it re-sends the SAME signed bytes, so the
 * message id never changes and the backbone's replay check delivers it at most once. Nothing is
 * published twice for one key as long as the key is remembered: up to {@code ttl} and at most
 * {@code capacity} keys (the oldest are forgotten first). Keys are per gateway instance, not shared.
 *
 * <p>Signing runs outside the lock; the lock only guards the map. Thread-safe.
 */
final class IdempotencyCache {
    /** How one request was served: the receipt to wait for, and whether it repeats an earlier request. */
    record Attempt(CompletableFuture<Receipt> receipt, boolean replayed) {}

    /** The key was first used for a different request (other type, headers or body). */
    static final class KeyReusedException extends RuntimeException {
        KeyReusedException(String key) {
            super("Idempotency-Key " + key
                    + " was already used for a different request; use a new key for a new message");
        }
    }

    private static final class Entry {
        final String fingerprint;
        final Instant createdAt;
        /** Replaced by an empty completed future once delivered: a delivered message is never re-sent, so its bytes can go. */
        CompletableFuture<SignedMessage> signed = new CompletableFuture<>();

        CompletableFuture<Receipt> delivery;

        Entry(String fingerprint, Instant createdAt) {
            this.fingerprint = fingerprint;
            this.createdAt = createdAt;
        }
    }

    private final int capacity;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    IdempotencyCache(int capacity, Duration ttl, Clock clock) {
        this.capacity = capacity;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * Publishes under {@code key}: signs and sends on first use, joins or re-sends after.
     *
     * @param fingerprint digest of the request, so a key reused for another message is refused
     * @param sign        signs the message (may throw a validation error: then nothing is remembered)
     * @param send        sends a signed message; called again with the same message after a failure
     * @throws KeyReusedException if the key was used for a different request
     */
    Attempt publish(
            String key,
            String fingerprint,
            Supplier<CompletableFuture<SignedMessage>> sign,
            Function<SignedMessage, CompletableFuture<Receipt>> send) {
        Entry entry;
        CompletableFuture<SignedMessage> signed;
        CompletableFuture<Receipt> delivery;
        CompletableFuture<Receipt> resend = null;
        synchronized (this) {
            forgetExpired();
            entry = entries.get(key);
            if (entry != null && !entry.fingerprint.equals(fingerprint)) {
                throw new KeyReusedException(key);
            }
            if (entry != null && !entry.signed.isCompletedExceptionally()) {
                if (!entry.delivery.isCompletedExceptionally()) {
                    return new Attempt(entry.delivery, true);
                }
                resend = new CompletableFuture<>(); // completed outside the lock: send may block on a broker that is
                // down
                entry.delivery = resend;
            } else {
                entry = new Entry(fingerprint, clock.instant()); // new, or nothing was ever signed: start afresh
                entry.delivery = entry.signed.thenCompose(send);
                entries.remove(key);
                entries.put(key, entry);
                while (entries.size() > capacity) {
                    Iterator<Entry> oldest = entries.values().iterator();
                    oldest.next();
                    oldest.remove();
                }
            }
            signed = entry.signed;
            delivery = entry.delivery;
        }
        Entry delivered = entry;
        if (resend != null) {
            relay(signed.thenCompose(send), resend); // the same bytes again
            resend.thenRun(() -> dropBytes(delivered));
            return new Attempt(resend, false);
        }
        delivery.thenRun(() -> dropBytes(delivered));
        try {
            relay(sign.get(), signed);
        } catch (RuntimeException e) {
            signed.completeExceptionally(e);
            forget(key, entry);
            throw e;
        }
        return new Attempt(delivery, false);
    }

    synchronized int size() {
        return entries.size();
    }

    private static <T> void relay(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((value, error) -> {
            if (error != null) {
                to.completeExceptionally(error);
            } else {
                to.complete(value);
            }
        });
    }

    private synchronized void dropBytes(Entry entry) {
        entry.signed = CompletableFuture.completedFuture(null);
    }

    private synchronized void forget(String key, Entry entry) {
        entries.remove(key, entry);
    }

    private void forgetExpired() {
        Instant cutoff = clock.instant().minus(ttl);
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().createdAt.isAfter(cutoff)) {
                return; // insertion order: the rest are younger
            }
            it.remove();
        }
    }
}
