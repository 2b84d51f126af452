package io.liaison.complaints;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.Opening;
import io.liaison.kernel.seal.Seal;
import io.liaison.policy.ComplaintStatus;
import io.liaison.registry.AvroCodec;
import io.liaison.schemas.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Oversight's side of complaints, as the {@code complaints-officer} Kafka user: read one complaint
 * (opened with the oversight agency's own key), change its status (status topic and audit record in
 * one transaction), publish a receipt's inclusion proof for the intake to serve.
 */
public final class ComplaintsOfficer {
    /** The officer's transactional id, within the prefix its ACL allows. */
    public static final String TRANSACTIONAL_ID = "complaints-officer";

    private final Map<String, Object> kafka;
    private final AvroCodec codec;
    private final String component;
    private final Clock clock;

    /**
     * @param kafka     bootstrap servers and the officer's login
     * @param codec     writes the AuditRecord schema
     * @param component names this run in audit records
     */
    public ComplaintsOfficer(Map<String, Object> kafka, AvroCodec codec, String component, Clock clock) {
        this.kafka = Map.copyOf(kafka);
        this.codec = codec;
        this.component = component;
        this.clock = clock;
    }

    /** Every status and proof on the status topic, latest per key. */
    public record Statuses(Map<String, ComplaintRecords.StatusEntry> statuses, Map<String, byte[]> proofs) {}

    public Statuses statuses() {
        Map<String, ComplaintRecords.StatusEntry> statuses = new HashMap<>();
        Map<String, byte[]> proofs = new HashMap<>();
        readAll(kafka, Topics.COMPLAINT_STATUS, (key, value) -> {
            if (key.endsWith(ComplaintRecords.PROOF_SUFFIX)) {
                String receipt = key.substring(0, key.length() - ComplaintRecords.PROOF_SUFFIX.length());
                if (value == null) {
                    proofs.remove(receipt);
                } else {
                    proofs.put(receipt, value);
                }
            } else if (value == null) {
                statuses.remove(key);
            } else {
                statuses.put(key, ComplaintRecords.StatusEntry.fromJson(value));
            }
        });
        return new Statuses(statuses, proofs);
    }

    /**
     * The agency's side: every referral on {@code agency}'s referral topic, opened with that agency's keys, by
     * referral id.
     *
     * @param kafka bootstrap servers and the agency's own login
     */
    public static Map<String, Opening> referrals(Map<String, Object> kafka, String agency, DecryptionKeys keys) {
        Map<String, Opening> out = new java.util.LinkedHashMap<>();
        String topic = Topics.referrals(agency);
        readAll(kafka, topic, (key, value) -> {
            if (value != null) {
                out.put(key, Seal.open(value, topic, key, keys, Seal.KeyLookup.NONE));
            }
        });
        return out;
    }

    /** The complaint filed under {@code receipt}, opened with oversight's keys; empty when there is none. */
    public Optional<Opening> open(String receipt, DecryptionKeys oversight) {
        Map<String, byte[]> found = new HashMap<>();
        readAll(kafka, Topics.COMPLAINTS, (key, value) -> {
            if (key.equals(receipt) && value != null) {
                found.put(key, value);
            }
        });
        return Optional.ofNullable(found.get(receipt))
                .map(v -> Seal.open(v, Topics.COMPLAINTS, receipt, oversight, Seal.KeyLookup.NONE));
    }

    /**
     * Records a new status: the status topic (what the public page shows) and a
     * COMPLAINT_STATUS_CHANGED audit record, in one transaction.
     */
    public AuditRecord changeStatus(String receipt, ComplaintStatus status, String oversight, String policyVersion) {
        return changeStatus(receipt, status, oversight, policyVersion, Optional.empty());
    }

    /**
     * As above; a referral ({@link ComplaintStatus#REFERRED}) also writes what the agency may receive to its
     * referral topic, in the same transaction, and the audit record names that agency as recipient.
     */
    public AuditRecord changeStatus(
            String receipt,
            ComplaintStatus status,
            String oversight,
            String policyVersion,
            Optional<ComplaintRecords.Referral> referral) {
        Instant now = clock.instant();
        AuditRecord audit = ComplaintRecords.statusChanged(receipt, status, oversight, policyVersion, component, now);
        referral.ifPresent(r -> audit.setRecipient(r.agency()));
        byte[] value = codec.encode(Topics.AUDIT + "-value", audit);
        byte[] key = receipt.getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                producer.send(new ProducerRecord<>(
                        Topics.COMPLAINT_STATUS, key, new ComplaintRecords.StatusEntry(receipt, status, now).toJson()));
                referral.ifPresent(r -> producer.send(new ProducerRecord<>(
                        Topics.referrals(r.agency()), r.referralId().getBytes(StandardCharsets.UTF_8), r.sealed())));
                producer.send(new ProducerRecord<>(Topics.AUDIT, null, value));
                producer.commitTransaction();
            } catch (KafkaException e) {
                abort(producer, e);
                throw e;
            }
        }
        return audit;
    }

    /** Publishes proof files for the intake to serve, keyed {@code <receipt>/proof}. */
    public void publishProofs(Map<String, byte[]> proofs) {
        if (proofs.isEmpty()) {
            return;
        }
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                proofs.forEach((receipt, proof) -> producer.send(new ProducerRecord<>(
                        Topics.COMPLAINT_STATUS,
                        (receipt + ComplaintRecords.PROOF_SUFFIX).getBytes(StandardCharsets.UTF_8),
                        proof)));
                producer.commitTransaction();
            } catch (KafkaException e) {
                abort(producer, e);
                throw e;
            }
        }
    }

    private static void abort(KafkaProducer<byte[], byte[]> producer, KafkaException cause) {
        try {
            producer.abortTransaction();
        } catch (KafkaException abort) {
            cause.addSuppressed(abort);
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads a single-partition topic from its start to its end as of now (committed records only). */
    private static void readAll(Map<String, Object> kafka, String topic, BiConsumer<String, byte[]> each) {
        Map<String, Object> c = new HashMap<>(kafka);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            while (consumer.position(tp, Duration.ofSeconds(30)) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null) {
                        each.accept(new String(r.key(), StandardCharsets.UTF_8), r.value());
                    }
                }
            }
        }
    }
}
