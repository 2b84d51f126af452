package io.liaison.kernel.envelope;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A tiny deterministic encoder: big-endian fixed-width integers, and strings and byte strings
 * prefixed by their length as a 4-byte big-endian integer. Nothing here depends on Avro, so
 * another implementation can reproduce the bytes from the spec in docs/signing.md alone.
 */
final class CanonicalBytes {
    // A plain growable array rather than ByteArrayOutputStream, whose synchronized write(int) per
    // byte showed in the backbone's profile: every message builds several of these inputs.
    private byte[] buf;
    private int size;

    CanonicalBytes() {
        this(512);
    }

    CanonicalBytes(int capacity) {
        buf = new byte[capacity];
    }

    CanonicalBytes raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    CanonicalBytes u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    CanonicalBytes u32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    CanonicalBytes u64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    CanonicalBytes bytes(byte[] b) {
        return u32(b.length).raw(b);
    }

    /** As {@link #bytes(byte[])}, for the buffer's remaining bytes, without copying them out first. */
    CanonicalBytes bytes(ByteBuffer b) {
        int length = b.remaining();
        u32(length);
        ensure(length);
        b.duplicate().get(buf, size, length);
        size += length;
        return this;
    }

    CanonicalBytes str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds what was written to {@code digest}, without copying it out first. */
    void updateDigest(MessageDigest digest) {
        digest.update(buf, 0, size);
    }

    /** Forgets what was written, keeping the buffer. */
    CanonicalBytes reset() {
        size = 0;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
