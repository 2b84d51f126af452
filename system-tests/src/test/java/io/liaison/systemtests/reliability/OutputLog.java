package io.liaison.systemtests.reliability;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.Opening;
import io.liaison.kernel.seal.Seal;
import io.liaison.kernel.seal.SealedRecord;
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
 * What the backbone wrote, as a downstream reader sees it: every partition of every inbox and its
 * key topic, of the quarantine and of the audit log, read with {@code isolation.level=read_committed}
 * from where each ended when this log was opened. Each copy is opened with its recipient's own key
 * once its data key was read (they commit together, but a poll may return either first). Aborted
 * transactions (a killed instance's half-done work) are never seen. Not thread-safe: one test
 * thread polls it.
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
    private final Map<String, DecryptionKeys> keys;
    private final Map<String, byte[]> dataKeys = new HashMap<>();
    /** Copies whose data key has not been read yet, by key reference. */
    private final Map<String, ConsumerRecord<String, byte[]>> awaitingKey = new HashMap<>();

    private final Map<String, List<Copy>> copies = new HashMap<>();
    private final Map<String, List<Decision>> audit = new HashMap<>();
    private final List<Quarantined> quarantined = new ArrayList<>();
    // thousands of copies share a handful of action maps: keep one instance of each
    private final Map<Map<String, String>, Map<String, String>> actionMaps = new HashMap<>();
    private long records;

    private OutputLog(KafkaConsumer<String, byte[]> consumer, AvroCodec codec, Map<String, DecryptionKeys> keys) {
        this.consumer = consumer;
        this.codec = codec;
        this.keys = keys;
    }

    /** Opens the log at the current end of every output topic of the stack's agencies, as the admin, with each agency's key. */
    static OutputLog fromNow(ReliabilityStack stack) {
        Map<String, DecryptionKeys> keys = new HashMap<>();
        stack.policy().agencies().forEach(a -> keys.put(a, stack.decryptionKeys(a)));
        return fromNow(stack.adminProperties(), stack.codec(), keys);
    }

    /** Opens the log at the current end of every output topic of the agencies whose keys are given. */
    static OutputLog fromNow(Map<String, Object> clientProperties, AvroCodec codec, Map<String, DecryptionKeys> keys) {
        Collection<String> agencies = keys.keySet();
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        List<String> topics =
                new ArrayList<>(agencies.stream().map(Topics::inbox).toList());
        agencies.forEach(a -> topics.add(Topics.keys(a)));
        topics.add(Topics.QUARANTINE);
        topics.add(Topics.AUDIT);
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach(consumer::seek);
        return new OutputLog(consumer, codec, Map.copyOf(keys));
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
            } else if (r.topic().startsWith(Topics.KEYS_PREFIX)) {
                dataKeys.put(r.key(), r.value());
                ConsumerRecord<String, byte[]> waiting = awaitingKey.remove(r.key());
                if (waiting != null) {
                    copy(waiting);
                }
            } else {
                String ref = ((SealedRecord.KeyPlacement.Referenced)
                                SealedRecord.decode(r.value()).placement())
                        .keyRef();
                if (dataKeys.containsKey(ref)) {
                    copy(r);
                } else {
                    awaitingKey.put(ref, r);
                }
            }
        }
        return batch.count();
    }

    /** A copy whose data key is known: opened with its inbox owner's key, then read as the recipient reads it. */
    private void copy(ConsumerRecord<String, byte[]> r) {
        String owner = r.topic().substring(Topics.INBOX_PREFIX.length());
        Opening opening = Seal.open(
                r.value(), r.topic(), r.key(), keys.get(owner), ref -> Optional.ofNullable(dataKeys.get(ref)));
        if (opening instanceof Opening.Refused refused) {
            throw new AssertionError(
                    "a copy in " + r.topic() + " does not open with " + owner + "'s key: " + refused.sentence());
        }
        Envelope copy = codec.decodeSpecific(((Opening.Opened) opening).plaintext(), Envelope.class);
        Attestation attestation = copy.getAttestation();
        Map<String, String> actions = attestation == null
                ? Map.of()
                : attestation.getActions().stream()
                        .collect(Collectors.toUnmodifiableMap(FieldAction::getPath, FieldAction::getAction));
        copies.computeIfAbsent(copy.getMessageId(), k -> new ArrayList<>())
                .add(new Copy(
                        owner,
                        attestation == null ? null : attestation.getRecipient(),
                        actionMaps.computeIfAbsent(actions, a -> a)));
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
