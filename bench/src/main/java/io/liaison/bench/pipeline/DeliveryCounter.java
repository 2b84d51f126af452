package io.liaison.bench.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts committed records on output topics from their current end, as a recipient sees them
 * ({@code read_committed}): a record counts only once its transaction committed. One thread polls;
 * a phase asks for the instant its expected count was reached, and optionally for each record's
 * publish-to-delivery latency ({@link LatencyRecorder}: by the message id each inbox copy is keyed by).
 */
final class DeliveryCounter implements AutoCloseable {
    private record Target(long expected, LatencyRecorder latencies, CompletableFuture<Long> reachedAt) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread poller;
    private final Object lock = new Object();
    private Target target; // guarded by lock
    private long counted; // guarded by lock: records of the current target
    private volatile RuntimeException failure;
    private volatile boolean running = true;

    /** @param client bootstrap servers and login of a principal that may read every topic in {@code topics} */
    DeliveryCounter(Map<String, Object> client, List<String> topics) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        config.put(ConsumerConfig.CHECK_CRCS_CONFIG, false);
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve now: only what is written from here on counts
        poller = new Thread(this::pollLoop, "bench-delivery-counter");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * Starts counting afresh; completes with {@link System#nanoTime()} when {@code expected} records
     * have been received.
     *
     * @param latencies where to record each record's latency, or null
     */
    CompletableFuture<Long> expect(long expected, LatencyRecorder latencies) {
        synchronized (lock) {
            counted = 0;
            target = new Target(expected, latencies, new CompletableFuture<>());
            return target.reachedAt();
        }
    }

    /** Waits for a phase; the error names how far it got. */
    long await(CompletableFuture<Long> reachedAt, Duration timeout, String what) {
        try {
            return reachedAt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (lock) {
                throw new IllegalStateException(what + ": only " + counted + " of "
                        + (target == null ? "?" : target.expected()) + " records arrived within " + timeout
                        + (failure == null ? "" : " (" + failure.getMessage() + ")"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void pollLoop() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    count(records);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            synchronized (lock) {
                if (target != null) {
                    target.reachedAt().completeExceptionally(e);
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void count(ConsumerRecords<byte[], byte[]> records) {
        long receivedAt = System.currentTimeMillis();
        synchronized (lock) {
            if (target == null) {
                return; // nothing waits for them: more arrived than the phase expected
            }
            if (target.latencies() != null) {
                try {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        target.latencies().delivered(new String(r.key(), StandardCharsets.UTF_8), receivedAt);
                    }
                } catch (RuntimeException e) {
                    target.reachedAt().completeExceptionally(e);
                    target = null;
                    return;
                }
            }
            counted += records.count();
            if (counted >= target.expected()) {
                target.reachedAt().complete(System.nanoTime());
                target = null;
            }
        }
    }

    @Override
    public void close() {
        running = false; // the poller leaves within one poll timeout and closes the consumer itself
        try {
            poller.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
