package io.liaison.consumer.http;

import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.CopyVerifier;
import io.liaison.consumer.InboxItem;
import io.liaison.kernel.envelope.RejectionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads an agency's inbox between two positions, for catch-up after a reconnect and for the REST
 * pages (assign, no group, read_committed), with one shared admin client for metadata and offsets.
 * A feed's catch-up has a consumer of its own, since it writes to its client while it reads; REST
 * pages borrow one of a bounded set of consumers ({@code restReaders}), so a flood of pages costs
 * neither a new consumer each nor more than that many concurrent reads. End offsets are last stable
 * offsets, so a read stops where read_committed consumers can see.
 */
final class InboxReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(5);

    /** The inbox topic is missing or the broker does not answer: answered with 503. */
    static final class InboxUnavailable extends RuntimeException {
        InboxUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaClients clients;
    private final Admin admin;
    private final Duration timeout;
    private final int restReaders;
    private final Semaphore pagePermits;
    private final ConcurrentLinkedQueue<KafkaConsumer<String, byte[]>> idlePageConsumers =
            new ConcurrentLinkedQueue<>();

    InboxReader(KafkaClients clients, Duration timeout, int restReaders) {
        this.clients = clients;
        this.admin = clients.admin("reader");
        this.timeout = timeout;
        this.restReaders = restReaders;
        this.pagePermits = new Semaphore(restReaders);
    }

    int partitions(String agency) {
        String topic = Topics.inbox(agency);
        try {
            TopicDescription d = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic);
            return d.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new InboxUnavailable("inbox topic " + topic + " does not exist yet", e);
            }
            throw new InboxUnavailable("cannot describe " + topic + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new InboxUnavailable("Kafka did not describe " + topic + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InboxUnavailable("interrupted", e);
        }
    }

    /** Per partition, the last stable offset: where a read_committed reader is caught up. */
    Map<Integer, Long> endOffsets(String agency, int partitions) {
        return offsets(agency, partitions, OffsetSpec.latest());
    }

    Map<Integer, Long> startOffsets(String agency, int partitions) {
        return offsets(agency, partitions, OffsetSpec.earliest());
    }

    /** Per partition, the first offset whose record was written at or after {@code at}; the end where none was. */
    Map<Integer, Long> offsetsAt(String agency, int partitions, Instant at) {
        Map<Integer, Long> byTime = offsets(agency, partitions, OffsetSpec.forTimestamp(at.toEpochMilli()));
        Map<Integer, Long> ends = endOffsets(agency, partitions);
        Map<Integer, Long> result = new HashMap<>();
        byTime.forEach((p, o) -> result.put(p, o < 0 ? ends.get(p) : o));
        return result;
    }

    private Map<Integer, Long> offsets(String agency, int partitions, OffsetSpec spec) {
        String topic = Topics.inbox(agency);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), spec);
        }
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = admin.listOffsets(
                            request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, Long> result = new HashMap<>();
            answer.forEach((tp, info) -> result.put(tp.partition(), info.offset()));
            return result;
        } catch (ExecutionException e) {
            throw new InboxUnavailable("cannot list offsets of " + topic + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new InboxUnavailable("Kafka did not list offsets of " + topic + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InboxUnavailable("interrupted", e);
        }
    }

    /**
     * Hands every record from {@code cursor} up to {@code ends} (exclusive) to {@code visitor},
     * verified and rendered, in offset order per partition, advancing {@code cursor} past each one
     * (and past transaction markers). Stops early, with the cursor just past the last record
     * visited, when the visitor returns false.
     *
     * @return the number of records visited
     */
    long read(
            String agency,
            CopyVerifier verifier,
            FeedCursor cursor,
            Map<Integer, Long> ends,
            Predicate<InboxEvent> visitor) {
        if (cursor.reached(ends)) {
            return 0;
        }
        KafkaConsumer<String, byte[]> consumer =
                clients.consumer("catch-up-" + agency, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            return read(consumer, agency, verifier, cursor, ends, visitor);
        } finally {
            // No group, nothing to commit: closing need not wait for anything.
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    /** {@link #read} for a REST page, on a borrowed consumer; 503 when all of them stay busy. */
    long readPage(
            String agency,
            CopyVerifier verifier,
            FeedCursor cursor,
            Map<Integer, Long> ends,
            Predicate<InboxEvent> visitor) {
        if (cursor.reached(ends)) {
            return 0;
        }
        try {
            if (!pagePermits.tryAcquire(BORROW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new InboxUnavailable(
                        "all " + restReaders + " page readers stayed busy for " + BORROW_TIMEOUT + "; retry later",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InboxUnavailable("interrupted", e);
        }
        KafkaConsumer<String, byte[]> consumer = idlePageConsumers.poll();
        if (consumer == null) {
            consumer = clients.consumer("page-reader", new StringDeserializer(), new ByteArrayDeserializer());
        }
        boolean reusable = false;
        try {
            long visited = read(consumer, agency, verifier, cursor, ends, visitor);
            consumer.unsubscribe(); // drops the assignment and anything fetched for it
            reusable = true;
            return visited;
        } finally {
            if (reusable) {
                idlePageConsumers.add(consumer);
            } else {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
            }
            pagePermits.release();
        }
    }

    private long read(
            KafkaConsumer<String, byte[]> consumer,
            String agency,
            CopyVerifier verifier,
            FeedCursor cursor,
            Map<Integer, Long> ends,
            Predicate<InboxEvent> visitor) {
        String topic = Topics.inbox(agency);
        long visited = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> assigned = ends.keySet().stream()
                .filter(p -> cursor.next(p) < ends.get(p))
                .map(p -> new TopicPartition(topic, p))
                .toList();
        consumer.assign(assigned);
        assigned.forEach(tp -> consumer.seek(tp, cursor.next(tp.partition())));
        while (!cursor.reached(ends)) {
            if (System.nanoTime() > deadline) {
                throw new InboxUnavailable("catching up on " + topic + " took longer than " + timeout, null);
            }
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            for (TopicPartition tp : records.partitions()) {
                long end = ends.get(tp.partition());
                for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                    if (r.offset() >= end) {
                        break; // past the snapshot: the live tail delivers it
                    }
                    visited++;
                    cursor.advancePast(r.partition(), r.offset());
                    if (!visitor.test(render(verifier, r))) {
                        return visited;
                    }
                }
            }
            for (TopicPartition tp : consumer.assignment()) {
                // skip transaction markers and aborted records, which never surface as records
                cursor.advanceTo(tp.partition(), Math.min(consumer.position(tp), ends.get(tp.partition())));
            }
        }
        return visited;
    }

    /** A record as a feed event; an empty value is refused like any copy that does not decode. */
    static InboxEvent render(CopyVerifier verifier, ConsumerRecord<String, byte[]> r) {
        InboxItem item = r.value() == null
                ? new InboxItem.Refused(
                        r.key(), RejectionReason.MALFORMED_ENVELOPE, "record has no value", r.partition(), r.offset())
                : verifier.verify(r);
        return InboxEvents.of(item, r.timestamp());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        for (KafkaConsumer<String, byte[]> consumer; (consumer = idlePageConsumers.poll()) != null; ) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }
}
