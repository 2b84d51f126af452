package io.liaison.audit;

import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.audit.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Audit-topic values without a registry: Confluent wire format (0x00, 4-byte big-endian schema id,
 * Avro binary) read with the writer schema carried by an export, or with the compiled-in
 * {@link AuditRecord} schema when the export has none for that id. Offline verification must work
 * from an export alone, so this deliberately does not call the registry.
 */
public final class AuditRecords {
    public static final int HEADER_BYTES = 5;
    private static final byte MAGIC = 0x00;

    private AuditRecords() {}

    /** The schema id in a wire-format value. */
    public static int schemaId(byte[] wire) {
        if (wire.length < HEADER_BYTES || wire[0] != MAGIC) {
            throw new IllegalArgumentException("not Confluent wire format: expected magic byte 0x00 and a 4-byte schema id");
        }
        return ByteBuffer.wrap(wire, 1, 4).getInt();
    }

    /**
     * Decodes a wire-format value into an AuditRecord.
     *
     * @param writerSchemas writer schemas by schema id (from the export); may be empty
     * @throws IllegalArgumentException if the bytes are not a well-formed AuditRecord
     */
    public static AuditRecord decode(byte[] wire, Map<Integer, Schema> writerSchemas) {
        LiaisonSchemas.trustGeneratedClasses();
        int id = schemaId(wire);
        Schema writer = writerSchemas.getOrDefault(id, AuditRecord.getClassSchema());
        SpecificDatumReader<AuditRecord> reader = new SpecificDatumReader<>(writer, AuditRecord.getClassSchema());
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(wire, HEADER_BYTES, wire.length - HEADER_BYTES, null);
        try {
            AuditRecord record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IllegalArgumentException("trailing bytes after the AuditRecord (schema id " + id + ")");
            }
            return record;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("not a valid AuditRecord under schema id " + id + ": " + e.getMessage(), e);
        }
    }

    /** Encodes a record in wire format under {@code schemaId}, as the Streams app's serializer does. */
    public static byte[] encode(AuditRecord record, int schemaId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<>(AuditRecord.class).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
