package io.liaison.producer;

import io.liaison.schemas.envelope.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Collects prepared envelopes from any number of publishing threads and signs them in batches on one
 * thread: a batch closes when {@link BatchSigning#maxBatch()} envelopes are waiting or
 * {@link BatchSigning#linger()} has passed since its first one arrived. {@link #close()} signs what
 * is still queued before it returns, so nothing accepted is dropped.
 */
final class BatchSigner implements AutoCloseable {
    private record Pending(Envelope envelope, CompletableFuture<SignedMessage> result) {}

    private static final Pending STOP = new Pending(null, null);

    private final MessageSealer sealer;
    private final Function<Envelope, SignedMessage> encode;
    private final BatchSigning settings;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /** @param encode turns a signed envelope into its wire form; may throw a {@link PublishException} */
    BatchSigner(MessageSealer sealer, Function<Envelope, SignedMessage> encode, BatchSigning settings, String name) {
        this.sealer = sealer;
        this.encode = encode;
        this.settings = settings;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    CompletableFuture<SignedMessage> submit(Envelope prepared) {
        if (closed) {
            throw new IllegalStateException("the gateway is closed");
        }
        CompletableFuture<SignedMessage> result = new CompletableFuture<>();
        queue.add(new Pending(prepared, result));
        return result;
    }

    private void run() {
        boolean stopping = false;
        while (!stopping) {
            List<Pending> batch = new ArrayList<>(settings.maxBatch());
            try {
                stopping = collect(batch);
            } catch (InterruptedException e) {
                stopping = true; // only close() interrupts, and only after STOP was not honoured in time
            }
            sign(batch);
        }
        // a submit racing with close() may land behind STOP: fail it rather than leave it waiting forever
        for (Pending late = queue.poll(); late != null; late = queue.poll()) {
            if (late != STOP) {
                late.result().completeExceptionally(new IllegalStateException("the gateway is closed"));
            }
        }
    }

    /** Fills {@code batch}; true once {@link #STOP} was seen (everything queued before it is in the batch or signed). */
    private boolean collect(List<Pending> batch) throws InterruptedException {
        Pending first = queue.take();
        if (first == STOP) {
            return true;
        }
        batch.add(first);
        long deadline = System.nanoTime() + settings.linger().toNanos();
        while (batch.size() < settings.maxBatch()) {
            Pending next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                return false;
            }
            if (next == STOP) {
                queue.add(STOP); // sign this batch, then stop on the next turn
                return false;
            }
            batch.add(next);
        }
        return false;
    }

    private void sign(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            sealer.signAll(batch.stream().map(Pending::envelope).toList());
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        for (Pending p : batch) {
            try {
                p.result().complete(encode.apply(p.envelope()));
            } catch (RuntimeException e) {
                p.result().completeExceptionally(e);
            }
        }
    }

    /** Signs what is queued, then stops the signing thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
