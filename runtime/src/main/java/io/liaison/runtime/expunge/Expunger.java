package io.liaison.runtime.expunge;

import io.liaison.cluster.topics.Topics;
import io.liaison.registry.AvroCodec;
import io.liaison.runtime.audit.TopicReader;
import io.liaison.runtime.expunge.ExpungePlan.Candidate;
import io.liaison.runtime.expunge.ExpungePlan.Decision;
import io.liaison.runtime.expunge.ExpungePlan.IngressOriginal;
import io.liaison.runtime.expunge.ExpungePlan.Key;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Expunges one message by crypto-shredding (docs/encryption.md): finds every stored sealed copy of
 * it (inbox copies, the quarantined original), then in one transaction writes a tombstone for each
 * copy's data key in its compacted key topic and appends one EXPUNGED audit record. Nothing is
 * removed from the audit log, so it stays append-only and keeps verifying.
 *
 * <p>Runs as the admin (a super user): it reads every inbox, the quarantine, every key topic and
 * the log, and writes key topics and the log. Its transactional id is fixed, so starting a second
 * expunge fences the first, and the log is read only after that: a concurrent run either commits
 * first (and this one finds its record) or is aborted.
 */
public final class Expunger {
    /** The audit record's dissemination method: keys destroyed, nothing released. */
    public static final String METHOD = "crypto-shredding";

    static final String TRANSACTIONAL_ID = "liaison-expunge";

    /** What came of it. */
    public sealed interface Outcome {
        /**
         * The keys are destroyed and the record appended.
         *
         * @param destroyed tombstoned keys, each with the copy it opened
         * @param missing   keys of copies found whose key was no longer in its key topic (expired or destroyed)
         * @param ingress   the message's ingress records still on the broker: sealed with their key inline,
         *                  they stay until their topic's retention removes them
         */
        record Expunged(AuditRecord record, List<Key> destroyed, List<Key> missing, List<IngressOriginal> ingress)
                implements Outcome {}

        record AlreadyExpunged(AuditRecord earlier) implements Outcome {}

        record Unknown(String sentence) implements Outcome {}
    }

    private final Map<String, Object> kafka;
    private final AvroCodec codec;
    private final String component;
    private final Clock clock;

    /**
     * @param kafka     bootstrap servers and the admin's login
     * @param codec     registers and writes the AuditRecord schema, reads quarantine records
     * @param component names this run in the audit record ({@code releasingComponent})
     */
    public Expunger(Map<String, Object> kafka, AvroCodec codec, String component, Clock clock) {
        this.kafka = Map.copyOf(kafka);
        this.codec = codec;
        this.component = component;
        this.clock = clock;
    }

    /**
     * @throws KafkaException if Kafka refuses or fails; nothing is then destroyed or recorded (the
     *                        transaction is aborted)
     */
    public Outcome expunge(String sender, String messageId, String order, TopicReader.Progress progress) {
        ExpungePlan.requireOrderRef(order);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.initTransactions(); // fences an earlier run before the log is read
            Properties read = TopicReader.consumerProperties(bootstrap(), properties());
            List<AuditRecord> log = new ArrayList<>();
            TopicReader.readAll(
                    read, Topics.AUDIT, r -> log.add(codec.decodeSpecific(r.value(), AuditRecord.class)), progress);
            Decision decision = ExpungePlan.decide(sender, messageId, log, candidates(read, messageId));
            if (decision instanceof Decision.Unknown u) {
                return new Outcome.Unknown(u.sentence());
            }
            if (decision instanceof Decision.AlreadyExpunged a) {
                return new Outcome.AlreadyExpunged(a.earlier());
            }
            return destroy(producer, read, sender, messageId, order, (Decision.Destroy) decision);
        }
    }

    private Outcome destroy(
            KafkaProducer<byte[], byte[]> producer,
            Properties read,
            String sender,
            String messageId,
            String order,
            Decision.Destroy plan) {
        Map<Key, Integer> live = livePartitions(read, plan.keys());
        AuditRecord record =
                ExpungePlan.record(sender, messageId, plan.messageType(), order, component, clock.instant());
        byte[] value = codec.encode(Topics.AUDIT + "-value", record);
        producer.beginTransaction();
        try {
            live.forEach((key, partition) -> producer.send(new ProducerRecord<>(
                    key.keyTopic(), partition, key.keyRef().getBytes(StandardCharsets.UTF_8), null)));
            producer.send(new ProducerRecord<>(Topics.AUDIT, null, value));
            producer.commitTransaction();
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abort) {
                e.addSuppressed(abort); // fenced by a later run: the broker aborts it anyway
            }
            throw e;
        }
        List<Key> missing =
                plan.keys().stream().filter(k -> !live.containsKey(k)).toList();
        return new Outcome.Expunged(record, List.copyOf(live.keySet()), missing, stillStored(read, plan.ingress()));
    }

    /** Sealed records stored under the message id: inbox values, and the sealed originals of quarantine records. */
    private List<Candidate> candidates(Properties read, String messageId) {
        byte[] key = messageId.getBytes(StandardCharsets.UTF_8);
        Set<String> topics = topicNames(read);
        List<Candidate> out = new ArrayList<>();
        for (String inbox : topics) {
            if (!inbox.startsWith(Topics.INBOX_PREFIX)) {
                continue;
            }
            TopicReader.readAll(
                    read,
                    inbox,
                    r -> {
                        if (Arrays.equals(r.key(), key) && r.value() != null) {
                            out.add(new Candidate(r.topic(), r.partition(), r.offset(), r.value()));
                        }
                    },
                    (done, total) -> {});
        }
        if (topics.contains(Topics.QUARANTINE)) {
            TopicReader.readAll(
                    read,
                    Topics.QUARANTINE,
                    r -> {
                        if (Arrays.equals(r.key(), key) && r.value() != null) {
                            QuarantineRecord q = codec.decodeSpecific(r.value(), QuarantineRecord.class);
                            if (q.getSealedOriginal() != null) {
                                byte[] sealed = new byte[q.getSealedOriginal().remaining()];
                                q.getSealedOriginal().duplicate().get(sealed);
                                out.add(new Candidate(r.topic(), r.partition(), r.offset(), sealed));
                            }
                        }
                    },
                    (done, total) -> {});
        }
        return out;
    }

    /**
     * The partition each key still lives on, read from its key topic (the tombstone must land on
     * the key's own partition to compact it away); keys already gone are left out.
     */
    private static Map<Key, Integer> livePartitions(Properties read, List<Key> keys) {
        Map<String, List<Key>> byTopic =
                keys.stream().collect(Collectors.groupingBy(Key::keyTopic, LinkedHashMap::new, Collectors.toList()));
        Map<Key, Integer> live = new LinkedHashMap<>();
        byTopic.forEach((topic, wanted) -> {
            Map<String, Integer> current = new HashMap<>();
            TopicReader.readAll(
                    read,
                    topic,
                    r -> {
                        String ref = new String(r.key(), StandardCharsets.UTF_8);
                        if (r.value() == null) {
                            current.remove(ref);
                        } else {
                            current.put(ref, r.partition());
                        }
                    },
                    (done, total) -> {});
            wanted.stream()
                    .filter(k -> current.containsKey(k.keyRef()))
                    .forEach(k -> live.put(k, current.get(k.keyRef())));
        });
        return live;
    }

    /** The ingress records not yet deleted by retention. */
    private static List<IngressOriginal> stillStored(Properties read, List<IngressOriginal> ingress) {
        if (ingress.isEmpty()) {
            return List.of();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(read)) {
            List<TopicPartition> partitions = ingress.stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .distinct()
                    .toList();
            Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
            return ingress.stream()
                    .filter(i -> first.get(new TopicPartition(i.topic(), i.partition())) <= i.offset())
                    .toList();
        }
    }

    private static Set<String> topicNames(Properties read) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(read)) {
            return new TreeSet<>(consumer.listTopics(Duration.ofSeconds(30)).keySet());
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private Properties properties() {
        Properties p = new Properties();
        kafka.forEach(p::put);
        return p;
    }

    private String bootstrap() {
        return String.valueOf(kafka.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }
}
