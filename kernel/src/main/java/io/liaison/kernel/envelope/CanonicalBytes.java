package io.liaison.kernel.envelope;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A tiny deterministic encoder: big-endian fixed-width integers, and strings and byte strings
 * prefixed by their length as a 4-byte big-endian integer. Nothing here depends on Avro, so
 * another implementation can reproduce the bytes from the spec in docs/signing.md alone.
 */
final class CanonicalBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

    CanonicalBytes raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    CanonicalBytes u8(int v) {
        out.write(v);
        return this;
    }

    CanonicalBytes u32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    CanonicalBytes u64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
        return this;
    }

    CanonicalBytes bytes(byte[] b) {
        return u32(b.length).raw(b);
    }

    CanonicalBytes str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
