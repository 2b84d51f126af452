package io.liaison.audit;

import io.liaison.schemas.LiaisonSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads Confluent wire-format values (0x00, 4-byte big-endian schema id, Avro binary) into
 * generated classes with schemas known in advance, so the audit tools work offline from an export.
 */
public final class WireBytes {
    public static final int HEADER_BYTES = 5;
    static final byte MAGIC = 0x00;

    private WireBytes() {}

    public static int schemaId(byte[] wire) {
        if (wire.length < HEADER_BYTES || wire[0] != MAGIC) {
            throw new IllegalArgumentException("not Confluent wire format: expected magic byte 0x00 and a 4-byte schema id");
        }
        return ByteBuffer.wrap(wire, 1, 4).getInt();
    }

    /** Encodes a generated record in wire format under {@code schemaId}, as the registry serializer does. */
    public static byte[] encode(SpecificRecord record, int schemaId) {
        LiaisonSchemas.trustGeneratedClasses();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes the Avro body with {@code writer} and resolves it to the generated class of {@code reader}.
     *
     * @throws IllegalArgumentException if the bytes do not decode exactly (nothing left over)
     */
    public static <T> T decode(byte[] wire, Schema writer, Schema reader) {
        LiaisonSchemas.trustGeneratedClasses();
        int id = schemaId(wire);
        SpecificDatumReader<T> datumReader = new SpecificDatumReader<>(writer, reader);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(wire, HEADER_BYTES, wire.length - HEADER_BYTES, null);
        try {
            T value = datumReader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IllegalArgumentException("trailing bytes after the " + reader.getName() + " (schema id " + id + ")");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            // corrupt bytes surface as EOF, index, negative size, Avro errors, or Avro's collection-size
            // limit (UnsupportedOperationException): every one is "not a valid record", never a crash
            throw new IllegalArgumentException("not a valid " + reader.getName() + " under schema id " + id + ": " + e.getMessage(), e);
        }
    }
}
