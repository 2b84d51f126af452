package io.liaison.runtime.audit;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.export.AuditExport;
import io.liaison.audit.replay.InboxCopy;
import io.liaison.cluster.topics.RecordTimes;
import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.Opening;
import io.liaison.kernel.seal.Seal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the live log (audit and checkpoints topics) and inbox topics into the shapes the pure audit code works on. */
public final class KafkaAuditSource {
    private final Properties consumerProperties;

    /** @param consumerProperties from {@link TopicReader#consumerProperties} */
    public KafkaAuditSource(Properties consumerProperties) {
        this.consumerProperties = consumerProperties;
    }

    /** The whole log as an export taken now. */
    public AuditExport read(Map<Integer, Schema> writerSchemas, TopicReader.Progress progress) {
        List<PublishedCheckpoint> checkpoints = new ArrayList<>();
        TopicReader.readAll(
                consumerProperties,
                Topics.CHECKPOINTS,
                r -> checkpoints.add(new PublishedCheckpoint(
                        r.offset(), RecordTimes.of(r), new String(r.value(), StandardCharsets.UTF_8))),
                (read, total) -> {});
        List<AuditEntry> records = new ArrayList<>();
        int[] partitions = new int[1];
        TopicReader.readAll(
                consumerProperties,
                Topics.AUDIT,
                r -> {
                    partitions[0] = Math.max(partitions[0], r.partition());
                    records.add(new AuditEntry(records.size(), r.offset(), r.value()));
                },
                progress);
        if (partitions[0] > 0) {
            throw new IllegalStateException("the audit topic has more than one partition: the log has no single order");
        }
        return new AuditExport(Instant.now(), writerSchemas, checkpoints, records);
    }

    /**
     * Every committed record of {@code inbox.<agency>}, opened with the agency's own keys (so this
     * runs with the agency's login: it reads the inbox and the key topic): each value is the copy
     * the backbone sealed, whose digest its audit record holds. A record that does not open (its
     * data key destroyed, or not sealed to these keys) stays as it was read and goes to {@code unopened}.
     */
    public List<InboxCopy> inbox(
            String agency,
            DecryptionKeys keys,
            BiConsumer<InboxCopy, Opening.Refused> unopened,
            TopicReader.Progress progress) {
        String topic = Topics.inbox(agency);
        List<ConsumerRecord<byte[], byte[]>> sealed = new ArrayList<>();
        TopicReader.readAll(consumerProperties, topic, sealed::add, progress);
        // read after the inbox: a copy's data key commits with it, so every copy read has its key by now
        Map<String, byte[]> dataKeys = new HashMap<>();
        TopicReader.readAll(
                consumerProperties,
                Topics.keys(agency),
                r -> {
                    String ref = new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        dataKeys.remove(ref);
                    } else {
                        dataKeys.put(ref, r.value());
                    }
                },
                (read, total) -> {});
        List<InboxCopy> copies = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : sealed) {
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            Opening opening = Seal.open(r.value(), topic, key, keys, ref -> Optional.ofNullable(dataKeys.get(ref)));
            byte[] value = opening instanceof Opening.Opened opened ? opened.plaintext() : r.value();
            InboxCopy copy =
                    new InboxCopy(r.partition(), r.offset(), RecordTimes.of(r), value == null ? new byte[0] : value);
            copies.add(copy);
            if (opening instanceof Opening.Refused refused) {
                unopened.accept(copy, refused);
            }
        }
        return copies;
    }
}
