package io.liaison.kernel.seal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The encoding of docs/signing.md §2 (big-endian u8/u32, length-prefixed bytes and UTF-8 strings), both ways. */
final class SealBytes {
    private SealBytes() {}

    static final class Writer {
        private byte[] buf = new byte[256];
        private int size;

        Writer raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
        }

        Writer u8(int v) {
            ensure(1);
            buf[size++] = (byte) v;
            return this;
        }

        Writer bytes(byte[] b) {
            ensure(4);
            buf[size++] = (byte) (b.length >>> 24);
            buf[size++] = (byte) (b.length >>> 16);
            buf[size++] = (byte) (b.length >>> 8);
            buf[size++] = (byte) b.length;
            return raw(b);
        }

        Writer str(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
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

    /** Reads what {@link Writer} wrote; any inconsistency is a {@link SealFormatException}. */
    static final class Reader {
        private final byte[] in;
        private int pos;

        Reader(byte[] in, int offset) {
            this.in = in;
            this.pos = offset;
        }

        int u8() {
            need(1);
            return in[pos++] & 0xff;
        }

        byte[] bytes() {
            need(4);
            int len = ((in[pos] & 0xff) << 24)
                    | ((in[pos + 1] & 0xff) << 16)
                    | ((in[pos + 2] & 0xff) << 8)
                    | (in[pos + 3] & 0xff);
            pos += 4;
            if (len < 0) {
                throw new SealFormatException("negative length at byte " + (pos - 4));
            }
            need(len);
            byte[] out = Arrays.copyOfRange(in, pos, pos + len);
            pos += len;
            return out;
        }

        String str() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void end() {
            if (pos != in.length) {
                throw new SealFormatException((in.length - pos) + " trailing bytes");
            }
        }

        private void need(int n) {
            if (n > in.length - pos) {
                throw new SealFormatException(
                        "truncated at byte " + pos + " (needs " + n + " more of " + in.length + ")");
            }
        }
    }

    static boolean startsWith(byte[] value, byte[] prefix) {
        return value != null
                && value.length >= prefix.length
                && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }
}
