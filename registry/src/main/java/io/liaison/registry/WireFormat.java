package io.liaison.registry;

import io.liaison.schemas.LiaisonSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Confluent's wire format: magic byte {@code 0x00}, the writer schema's id as a 4-byte big-endian
 * int, then the Avro binary encoding. Kept byte-for-byte compatible so Confluent's own
 * deserializers read what Liaison writes, and the reverse. The one implementation: the
 * registry-backed {@link AvroCodec} and the offline audit tools both frame and read through here.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x00;
    public static final int HEADER_LENGTH = 1 + Integer.BYTES;

    private WireFormat() {}

    /** Writes the 5-byte header for {@code schemaId}; the Avro body follows it. */
    public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(schemaId).array());
    }

    /** The header followed by {@code avroBody}. */
    public static byte[] frame(int schemaId, byte[] avroBody) {
        return ByteBuffer.allocate(HEADER_LENGTH + avroBody.length)
                .put(MAGIC_BYTE)
                .putInt(schemaId)
                .put(avroBody)
                .array();
    }

    /**
     * The writer schema id of a framed message.
     *
     * @throws WireFormatException if the message is shorter than the header or its magic byte is not 0
     */
    public static int schemaId(byte[] message) {
        if (message == null || message.length < HEADER_LENGTH) {
            throw new WireFormatException(
                    "Not a Confluent wire-format message: " + (message == null ? "null" : message.length + " bytes")
                            + ", shorter than the " + HEADER_LENGTH + "-byte header (magic byte and schema id)");
        }
        if (message[0] != MAGIC_BYTE) {
            throw new WireFormatException(String.format(
                    "Not a Confluent wire-format message: magic byte is 0x%02x, expected 0x00", message[0] & 0xff));
        }
        return ByteBuffer.wrap(message, 1, Integer.BYTES).getInt();
    }

    /** {@code value} written by {@code writer} and framed under {@code schemaId}. */
    public static <T> byte[] encode(int schemaId, DatumWriter<T> writer, T value) {
        ReusableBuffer out = BUFFERS.get();
        out.reset();
        writeHeader(out, schemaId);
        out.encoder = EncoderFactory.get().directBinaryEncoder(out, out.encoder);
        try {
            writer.write(value, out.encoder);
            out.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory failed", e); // a ByteArrayOutputStream does not throw
        }
        byte[] bytes = out.toByteArray();
        if (out.capacity() > ReusableBuffer.MAX_KEPT_BYTES) {
            BUFFERS.remove(); // a rare large message does not pin its buffer to the thread
        }
        return bytes;
    }

    /**
     * One output buffer and encoder per thread, reused across messages: a fresh 256-byte stream
     * grew by copying several times per envelope, and the direct encoder takes the stream's lock on
     * each of its hundreds of small writes, which this unshared buffer does not need.
     */
    private static final ThreadLocal<ReusableBuffer> BUFFERS = ThreadLocal.withInitial(ReusableBuffer::new);

    private static final class ReusableBuffer extends ByteArrayOutputStream {
        static final int MAX_KEPT_BYTES = 1 << 16;
        BinaryEncoder encoder;

        ReusableBuffer() {
            super(4096);
        }

        int capacity() {
            return buf.length;
        }

        @Override
        public void write(int b) {
            ensureRoom(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            ensureRoom(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensureRoom(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }

    /**
     * A generated record framed under a schema id known in advance, byte for byte what the
     * registry serializer writes for that id; for tools that work without a registry.
     */
    public static byte[] encode(SpecificRecord record, int schemaId) {
        LiaisonSchemas.trustGeneratedClasses();
        return encode(schemaId, new SpecificDatumWriter<>(record.getSchema()), record);
    }

    /**
     * The body of a framed message, read by {@code reader}. All of it: bytes left over after the
     * value are refused, so one value has one encoding and nothing unread rides along with it.
     *
     * @throws WireFormatException if the header is wrong or the body does not decode exactly
     */
    public static <T> T decode(byte[] message, DatumReader<T> reader) {
        int id = schemaId(message);
        BinaryDecoder decoder =
                DecoderFactory.get().binaryDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH, null);
        T value;
        boolean leftOver;
        try {
            value = reader.read(null, decoder);
            leftOver = !decoder.isEnd();
        } catch (IOException | RuntimeException e) {
            // corrupt bytes surface as EOF, index, negative size, Avro errors, or Avro's collection-size
            // limit (UnsupportedOperationException): every one is "not a valid message", never a crash
            throw new WireFormatException("Avro body of a message with schema id " + id + " does not decode: " + e, e);
        }
        if (leftOver) {
            throw new WireFormatException(
                    "Avro body of a message with schema id " + id + " has bytes left over after the value");
        }
        return value;
    }

    /**
     * A framed message decoded with a {@code writer} schema known in advance (an export's, or a
     * compiled-in one) and resolved to the generated class of {@code reader}; for tools that work
     * without a registry.
     *
     * @throws WireFormatException if the header is wrong or the body does not decode exactly
     */
    public static <T> T decode(byte[] message, Schema writer, Schema reader) {
        LiaisonSchemas.trustGeneratedClasses();
        return decode(message, new SpecificDatumReader<T>(writer, reader));
    }
}
