package io.liaison.complaints;

import io.liaison.cluster.topics.Topics;
import io.liaison.registry.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake's Kafka side. A filing is one transaction (sealed complaint, first status, audit
 * record), committed with {@code acks=all} before {@link #file} returns: the receipt is given only for
 * a complaint that is stored and logged. Statuses and proofs are read from the compacted status
 * topic ({@code read_committed}, no consumer group: every instance reads it whole).
 */
public final class KafkaComplaintStore implements ComplaintStore {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaComplaintStore.class);
    /** Transactional ids start with the intake's user name, which its ACL allows as a prefix. */
    public static final String TRANSACTIONAL_ID_PREFIX = "complaints-intake";

    private final Map<String, Object> kafka;
    private final AvroCodec codec;
    private final Duration timeout;
    private final Map<String, ComplaintRecords.StatusEntry> statuses = new ConcurrentHashMap<>();
    private final Map<String, byte[]> proofs = new ConcurrentHashMap<>();
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private final AtomicReference<String> followError = new AtomicReference<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread follower;
    private volatile boolean running = true;
    private KafkaProducer<byte[], byte[]> producer;

    /**
     * @param kafka   bootstrap servers and the intake's login ({@code complaints-intake})
     * @param codec   writes the AuditRecord schema
     * @param timeout how long a filing may wait for Kafka before the resident is told to retry
     */
    public KafkaComplaintStore(Map<String, Object> kafka, AvroCodec codec, Duration timeout) {
        this.kafka = Map.copyOf(kafka);
        this.codec = codec;
        this.timeout = timeout;
        Map<String, Object> c = new HashMap<>(kafka);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.follower = new Thread(this::follow, "complaints-status-follower");
        this.follower.setDaemon(true);
        this.follower.start();
    }

    @Override
    public synchronized void file(ComplaintRecords.Filing filing) throws Unavailable {
        byte[] key = filing.receipt().getBytes(StandardCharsets.UTF_8);
        try {
            KafkaProducer<byte[], byte[]> p = producer();
            byte[] audit = codec.encode(Topics.AUDIT + "-value", filing.audit());
            p.beginTransaction();
            p.send(new ProducerRecord<>(Topics.COMPLAINTS, key, filing.sealed()));
            p.send(new ProducerRecord<>(Topics.COMPLAINT_STATUS, key, filing.status()));
            p.send(new ProducerRecord<>(Topics.AUDIT, null, audit));
            p.commitTransaction();
        } catch (RuntimeException e) {
            // Kafka's failures, and the registry client's (the audit record's schema): nothing was committed
            discardProducer();
            throw new Unavailable("the complaint could not be stored: " + e.getMessage(), e);
        }
        statuses.put(filing.receipt(), ComplaintRecords.StatusEntry.fromJson(filing.status()));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> p = new HashMap<>(kafka);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID_PREFIX + "-" + UUID.randomUUID());
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 2);
            KafkaProducer<byte[], byte[]> created =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    /** After any failure the transaction state is unknown: abort what can be aborted and start afresh next time. */
    private void discardProducer() {
        if (producer != null) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException ignored) {
                // fenced, timed out or never begun: closing below ends it either way
            }
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private void follow() {
        TopicPartition partition = new TopicPartition(Topics.COMPLAINT_STATUS, 0);
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
                if (!caughtUp.get() && consumer.position(partition) >= end) {
                    caughtUp.set(true);
                    LOG.info("complaint statuses read: {} receipts", statuses.size());
                }
                followError.set(null);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            followError.set("cannot read " + Topics.COMPLAINT_STATUS + ": " + e.getMessage());
            LOG.error("the complaint status follower stopped", e);
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (key.endsWith(ComplaintRecords.PROOF_SUFFIX)) {
            String receipt = key.substring(0, key.length() - ComplaintRecords.PROOF_SUFFIX.length());
            if (r.value() == null) {
                proofs.remove(receipt);
            } else {
                proofs.put(receipt, r.value());
            }
            return;
        }
        if (r.value() == null) {
            statuses.remove(key);
            return;
        }
        try {
            statuses.put(key, ComplaintRecords.StatusEntry.fromJson(r.value()));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignored status record {} at offset {}: {}", key, r.offset(), e.getMessage());
        }
    }

    @Override
    public Optional<ComplaintRecords.StatusEntry> status(String receipt) {
        return Optional.ofNullable(statuses.get(receipt));
    }

    @Override
    public Optional<byte[]> proof(String receipt) {
        return Optional.ofNullable(proofs.get(receipt));
    }

    @Override
    public Optional<String> notReady() {
        if (followError.get() != null) {
            return Optional.of(followError.get());
        }
        return caughtUp.get()
                ? Optional.empty()
                : Optional.of("the status topic " + Topics.COMPLAINT_STATUS + " is not read to its end yet");
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            follower.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(2));
                producer = null;
            }
        }
    }
}
