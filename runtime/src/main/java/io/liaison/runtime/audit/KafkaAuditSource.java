package io.liaison.runtime.audit;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.export.AuditExport;
import io.liaison.audit.replay.InboxCopy;
import io.liaison.cluster.topics.RecordTimes;
import io.liaison.cluster.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;

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

    /** Every committed record of {@code inbox.<agency>}. */
    public List<InboxCopy> inbox(String agency, TopicReader.Progress progress) {
        List<InboxCopy> copies = new ArrayList<>();
        TopicReader.readAll(
                consumerProperties,
                Topics.inbox(agency),
                r -> copies.add(new InboxCopy(r.partition(), r.offset(), RecordTimes.of(r), r.value())),
                progress);
        return copies;
    }
}
