package io.liaison.runtime.audit;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning to its end as of the call, committed records only
 * ({@code read_committed}: an audit record of an aborted transaction describes a delivery that
 * never happened, and is not part of the log). No consumer group: nothing is committed.
 */
public final class TopicReader {
    private static final Duration POLL = Duration.ofMillis(200);

    private TopicReader() {}

    /** Progress while reading: records read so far and the total expected. */
    @FunctionalInterface
    public interface Progress {
        void update(long read, long total);
    }

    /**
     * Consumer settings for reading: the caller's properties (security, timeouts) over these defaults.
     *
     * @param bootstrapServers the brokers
     * @param extra            further Kafka client settings; may be empty
     */
    public static Properties consumerProperties(String bootstrapServers, Properties extra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.putAll(extra);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /**
     * Hands every committed record of {@code topic} to {@code sink}, partition by partition in
     * offset order.
     *
     * @throws IllegalArgumentException if the topic does not exist
     */
    public static void readAll(
            Properties consumerProperties,
            String topic,
            Consumer<ConsumerRecord<byte[], byte[]>> sink,
            Progress progress) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                    .toList();
            for (TopicPartition partition : partitions) {
                readPartition(consumer, partition, sink, progress);
            }
        }
    }

    /**
     * The committed record at {@code partition}/{@code offset} of {@code topic}, read alone (a seek,
     * not a scan). Empty when that offset holds no committed record: before the log start, at or past
     * its end, a transaction marker or an aborted record.
     *
     * @throws IllegalArgumentException if the topic or the partition does not exist
     */
    public static Optional<ConsumerRecord<byte[], byte[]>> readAt(
            Properties consumerProperties, String topic, int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            int partitions = partitionCount(consumer, topic);
            if (partitions == 0) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            if (partition >= partitions) {
                throw new IllegalArgumentException(
                        topic + " has " + partitions + " partition(s), no partition " + partition);
            }
            TopicPartition tp = new TopicPartition(topic, partition);
            List<TopicPartition> one = List.of(tp);
            consumer.assign(one);
            long begin = consumer.beginningOffsets(one).get(tp);
            long end = consumer.endOffsets(one).get(tp);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(tp, offset);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    // read_committed skips markers and aborted records: the first one returned may lie past it
                    return record.offset() == offset ? Optional.of(record) : Optional.empty();
                }
            }
            return Optional.empty();
        }
    }

    /** The number of partitions of {@code topic}, or 0 when it does not exist. */
    public static int partitionCount(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        return infos == null ? 0 : infos.size();
    }

    private static void readPartition(
            KafkaConsumer<byte[], byte[]> consumer,
            TopicPartition partition,
            Consumer<ConsumerRecord<byte[], byte[]>> sink,
            Progress progress) {
        Collection<TopicPartition> one = List.of(partition);
        consumer.assign(one);
        consumer.seekToBeginning(one);
        long begin = consumer.beginningOffsets(one).get(partition);
        Map<TopicPartition, Long> ends = consumer.endOffsets(one);
        long end = ends.get(partition);
        progress.update(0, end - begin);
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() >= end) {
                    break;
                }
                sink.accept(record);
            }
            // progress in offsets, not records: transaction markers take offsets too, and only offsets reach the end
            progress.update(Math.min(consumer.position(partition), end) - begin, end - begin);
        }
    }
}
