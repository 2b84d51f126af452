package io.liaison.consumer;

import io.liaison.kernel.seal.Seal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An owner's compacted key topic ({@code keys.<agency>}) as a {@link Seal.KeyLookup}: the wrapped
 * data keys of its copies, by reference, read from the beginning and followed on demand. A
 * tombstone removes a key: the copy it opened becomes unreadable (crypto-shredding).
 *
 * <p>A copy and its data key are written in one backbone transaction, so when a read_committed
 * reader sees the copy, its key is committed too; it may still sit behind another transaction open
 * on the key topic's partition. A missing key is therefore looked for until everything written to
 * the key topic before the lookup has been read (the last stable offset reached the high-water
 * mark seen at the start), or {@code maxWait} passed; only then is it reported missing.
 *
 * <p>Keys already read are kept, but a long-running reader (a consumer gateway serving catch-up
 * requests) must not keep opening a copy whose key was destroyed since ({@code liaison expunge}):
 * a lookup more than {@link #TOMBSTONE_LAG} after the last one first reads what the key topic
 * gained, tombstones included. Thread-safe; one lookup at a time.
 */
public final class KeyTopic implements Seal.KeyLookup, AutoCloseable {
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    /** At most this long after its tombstone is committed does a destroyed key still open a copy here. */
    public static final Duration TOMBSTONE_LAG = Duration.ofSeconds(1);

    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final KafkaConsumer<String, byte[]> committed;
    private final KafkaConsumer<String, byte[]> uncommitted;
    private List<TopicPartition> partitions = List.of(); // resolved at the first lookup that finds the topic
    private final Duration maxWait;
    private final Map<String, byte[]> keys = new HashMap<>();
    private long caughtUpAt; // System.nanoTime() of the last read up to the last stable offset

    private KeyTopic(String topic, Map<String, Object> kafkaProperties, Duration maxWait) {
        this.topic = topic;
        this.maxWait = maxWait;
        this.committed = consumer(kafkaProperties, "read_committed");
        this.uncommitted = consumer(kafkaProperties, "read_uncommitted");
    }

    /**
     * Opens {@code topic} with these client properties (bootstrap servers and the owner's login;
     * a group id is ignored: positions are kept here, not committed).
     */
    public static KeyTopic open(String topic, Map<String, Object> kafkaProperties, Duration maxWait) {
        return new KeyTopic(topic, kafkaProperties, maxWait);
    }

    public String topic() {
        return topic;
    }

    @Override
    public synchronized Optional<byte[]> wrappedKey(String keyRef) {
        if (!partitions.isEmpty() && System.nanoTime() - caughtUpAt > TOMBSTONE_LAG.toNanos()) {
            readToLastStableOffset();
        }
        byte[] known = keys.get(keyRef);
        if (known != null) {
            return Optional.of(known);
        }
        if (partitions.isEmpty() && !assign()) {
            return Optional.empty(); // no key topic (yet): the copy is refused by name, and the next lookup looks again
        }
        Map<TopicPartition, Long> written = uncommitted.endOffsets(partitions);
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            readToLastStableOffset();
            if (keys.containsKey(keyRef)) {
                return Optional.of(keys.get(keyRef));
            }
            boolean allRead = partitions.stream().allMatch(tp -> committed.position(tp) >= written.get(tp));
            if (allRead || System.nanoTime() > deadline) {
                return Optional.empty();
            }
            committed.poll(POLL).forEach(this::apply); // a transaction is still open before the key: wait for it
        }
    }

    private boolean assign() {
        List<PartitionInfo> info = committed.partitionsFor(topic);
        if (info == null || info.isEmpty()) {
            return false;
        }
        partitions =
                info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        committed.assign(partitions);
        committed.seekToBeginning(partitions);
        return true;
    }

    private void readToLastStableOffset() {
        Map<TopicPartition, Long> ends = committed.endOffsets(partitions);
        while (partitions.stream().anyMatch(tp -> committed.position(tp) < ends.get(tp))) {
            committed.poll(POLL).forEach(this::apply);
        }
        caughtUpAt = System.nanoTime();
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            keys.remove(r.key()); // destroyed
        } else {
            keys.put(r.key(), r.value());
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> kafkaProperties, String isolation) {
        Map<String, Object> p = new HashMap<>(kafkaProperties);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.computeIfPresent(ConsumerConfig.CLIENT_ID_CONFIG, (k, v) -> v + "-keys-" + isolation);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public synchronized void close() {
        committed.close(Duration.ZERO);
        uncommitted.close(Duration.ZERO);
    }
}
