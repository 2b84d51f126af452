package io.liaison.systemtests.reliability;

import io.liaison.cluster.topics.Topics;
import io.liaison.producer.Receipt;
import io.liaison.registry.AvroCodec;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Attestation;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.FieldAction;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;

/**
 * What the backbone wrote, as a downstream reader sees it: every partition of every inbox, of the
 * quarantine and of the audit log, read with {@code isolation.level=read_committed} from where
 * each ended when this log was opened. Aborted transactions (a killed instance's half-done work)
 * are never seen. Not thread-safe: one test thread polls it.
 */
final class OutputLog implements AutoCloseable {
    /** One delivered copy: the inbox it sits in, the recipient its attestation names, its field actions. */
    record Copy(String inboxOwner, String attestedRecipient, Map<String, String> actions) {}

    /** One audit record about a message: for whom, and what was decided. */
    record Decision(String recipient, String decision) {}

    /** One quarantine record, without the original bytes. */
    record Quarantined(
            String messageId,
            String reasonCode,
            String reason,
            String sourceTopic,
            int sourcePartition,
            long sourceOffset) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroCodec codec;
    private final Map<String, List<Copy>> copies = new HashMap<>();
    private final Map<String, List<Decision>> audit = new HashMap<>();
    private final List<Quarantined> quarantined = new ArrayList<>();
    // thousands of copies share a handful of action maps: keep one instance of each
    private final Map<Map<String, String>, Map<String, String>> actionMaps = new HashMap<>();
    private long records;

    private OutputLog(KafkaConsumer<String, byte[]> consumer, AvroCodec codec) {
        this.consumer = consumer;
        this.codec = codec;
    }

    /** Opens the log at the current end of every output topic of the stack's agencies, as the admin. */
    static OutputLog fromNow(ReliabilityStack stack) {
        return fromNow(stack.adminProperties(), stack.codec(), stack.policy().agencies());
    }

    /** Opens the log at the current end of every output topic of {@code agencies}. */
    static OutputLog fromNow(Map<String, Object> clientProperties, AvroCodec codec, Collection<String> agencies) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        List<String> topics =
                new ArrayList<>(agencies.stream().map(Topics::inbox).toList());
        topics.add(Topics.QUARANTINE);
        topics.add(Topics.AUDIT);
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach(consumer::seek);
        return new OutputLog(consumer, codec);
    }

    /** Reads until one poll comes back empty: everything committed so far has been seen. */
    void drain() {
        while (poll() > 0) {
            // keep reading
        }
    }

    /** Reads what was committed since the last call (at most one poll's worth); returns how many records. */
    int poll() {
        var batch = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> r : batch) {
            records++;
            if (r.topic().equals(Topics.AUDIT)) {
                AuditRecord a = codec.decodeSpecific(r.value(), AuditRecord.class);
                if (a.getMessageId() != null) {
                    audit.computeIfAbsent(a.getMessageId(), k -> new ArrayList<>())
                            .add(new Decision(a.getRecipient(), a.getDecision().name()));
                }
            } else if (r.topic().equals(Topics.QUARANTINE)) {
                QuarantineRecord q = codec.decodeSpecific(r.value(), QuarantineRecord.class);
                quarantined.add(new Quarantined(
                        q.getMessageId(),
                        q.getReasonCode(),
                        q.getReason(),
                        q.getSourceTopic(),
                        q.getSourcePartition(),
                        q.getSourceOffset()));
            } else {
                Envelope copy = codec.decodeSpecific(r.value(), Envelope.class);
                Attestation attestation = copy.getAttestation();
                Map<String, String> actions = attestation == null
                        ? Map.of()
                        : attestation.getActions().stream()
                                .collect(Collectors.toUnmodifiableMap(FieldAction::getPath, FieldAction::getAction));
                copies.computeIfAbsent(copy.getMessageId(), k -> new ArrayList<>())
                        .add(new Copy(
                                r.topic().substring(Topics.INBOX_PREFIX.length()),
                                attestation == null ? null : attestation.getRecipient(),
                                actionMaps.computeIfAbsent(actions, a -> a)));
            }
        }
        return batch.count();
    }

    /**
     * Reads for up to {@code duration} (less if it catches up), then counts the outcome of what
     * {@code ledger} accepted against the reference fan-out.
     */
    Tally readAndCount(
            Duration duration, Ledger ledger, Map<Template, Map<String, Optional<Map<String, String>>>> expected) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline && poll() > 0) {
            // keep reading while there is something to read
        }
        return count(ledger, expected);
    }

    /**
     * Reads until every copy and audit record the reference calls for has arrived, then reads what
     * is left (late duplicates would be counted) and returns the final count.
     */
    Tally awaitComplete(
            Ledger ledger, Map<Template, Map<String, Optional<Map<String, String>>>> expected, Duration atMost) {
        Awaitility.await()
                .atMost(atMost)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    Tally t = readAndCount(Duration.ofSeconds(1), ledger, expected);
                    Assertions.assertThat(t.complete())
                            .as("not complete yet: %s", t.summary())
                            .isTrue();
                });
        drain();
        return count(ledger, expected);
    }

    /** Counts what {@code ledger} accepted; a message counts as quarantined if the record its receipt names was. */
    Tally count(Ledger ledger, Map<Template, Map<String, Optional<Map<String, String>>>> expected) {
        Map<String, Receipt> receipts = ledger.receipts();
        Set<String> quarantinedIds = new HashSet<>();
        for (Quarantined q : quarantined) {
            Receipt r = q.messageId() == null ? null : receipts.get(q.messageId());
            if (r != null
                    && r.topic().equals(q.sourceTopic())
                    && r.partition() == q.sourcePartition()
                    && r.offset() == q.sourceOffset()) {
                quarantinedIds.add(q.messageId());
            }
        }
        return Tally.count(ledger.accepted(), expected, copies, audit, quarantinedIds);
    }

    /** Delivered copies by message id. */
    Map<String, List<Copy>> copies() {
        return copies;
    }

    /** Audit decisions by message id (quarantine decisions of unreadable records have no id and are left out). */
    Map<String, List<Decision>> audit() {
        return audit;
    }

    List<Quarantined> quarantined() {
        return quarantined;
    }

    /** Records read so far, of every kind. */
    long records() {
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
