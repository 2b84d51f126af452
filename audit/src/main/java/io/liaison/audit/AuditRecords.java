package io.liaison.audit;

import io.liaison.registry.WireFormat;
import io.liaison.registry.WireFormatException;
import io.liaison.schemas.audit.AuditRecord;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Audit-topic values without a registry: read with the writer schema carried by an export, or
 * with the compiled-in {@link AuditRecord} schema when the export has none for that id.
 */
public final class AuditRecords {
    private AuditRecords() {}

    /**
     * Decodes a wire-format value into an AuditRecord.
     *
     * @param writerSchemas writer schemas by schema id (from the export); may be empty
     * @throws WireFormatException if the bytes are not a well-formed AuditRecord
     */
    public static AuditRecord decode(byte[] wire, Map<Integer, Schema> writerSchemas) {
        Schema writer = writerSchemas.getOrDefault(WireFormat.schemaId(wire), AuditRecord.getClassSchema());
        return WireFormat.decode(wire, writer, AuditRecord.getClassSchema());
    }
}
