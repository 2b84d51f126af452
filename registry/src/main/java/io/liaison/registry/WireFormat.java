package io.liaison.registry;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Confluent's wire format: magic byte {@code 0x00}, the writer schema's id as a 4-byte big-endian
 * int, then the Avro binary encoding. Kept byte-for-byte compatible so Confluent's own
 * deserializers read what Liaison writes, and the reverse.
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
            throw new WireFormatException("Not a Confluent wire-format message: " + (message == null ? "null" : message.length + " bytes")
                    + ", shorter than the " + HEADER_LENGTH + "-byte header (magic byte and schema id)");
        }
        if (message[0] != MAGIC_BYTE) {
            throw new WireFormatException(String.format(
                    "Not a Confluent wire-format message: magic byte is 0x%02x, expected 0x00", message[0] & 0xff));
        }
        return ByteBuffer.wrap(message, 1, Integer.BYTES).getInt();
    }
}
