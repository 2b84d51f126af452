package io.liaison.audit.export;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * Everything an auditor needs offline: the audit records in log order, the checkpoints as
 * published, and the writer schemas of the records by schema id. Written and read by
 * {@link ExportFormat}.
 *
 * @param exportedAt    when the export was taken
 * @param writerSchemas writer schemas by Confluent schema id (may be empty: the compiled-in
 *                      AuditRecord schema is used for ids without one)
 * @param checkpoints   checkpoint notes in publication order
 * @param records       audit records in log order
 */
public record AuditExport(
        Instant exportedAt,
        Map<Integer, Schema> writerSchemas,
        List<PublishedCheckpoint> checkpoints,
        List<AuditEntry> records) {
    public AuditExport {
        writerSchemas = new TreeMap<>(writerSchemas);
        checkpoints = List.copyOf(checkpoints);
        records = List.copyOf(records);
    }

    @Override
    public Map<Integer, Schema> writerSchemas() {
        return Collections.unmodifiableMap(writerSchemas);
    }
}
