package io.liaison.kernel.seal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record's data key wrapped to its recipient with HPKE: the encapsulated ephemeral key and the
 * sealed 32 bytes. Kept inside an ingress record, or as the value of the recipient's key topic
 * ({@code keys.<agency>}), where a tombstone under its reference destroys it.
 *
 * <pre>
 * "liaison/wrapped-key/v1" ‖ str(recipientKeyId) ‖ bytes(encapsulation) ‖ bytes(ciphertext)
 * </pre>
 */
public record WrappedKey(String recipientKeyId, byte[] encapsulation, byte[] ciphertext) {
    static final byte[] DOMAIN = "liaison/wrapped-key/v1".getBytes(StandardCharsets.US_ASCII);

    public WrappedKey {
        Objects.requireNonNull(recipientKeyId, "recipientKeyId");
        encapsulation = encapsulation.clone();
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] encapsulation() {
        return encapsulation.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    public byte[] encode() {
        return write(new SealBytes.Writer().raw(DOMAIN)).toByteArray();
    }

    SealBytes.Writer write(SealBytes.Writer out) {
        return out.str(recipientKeyId).bytes(encapsulation).bytes(ciphertext);
    }

    /** The value of a key-topic record. */
    public static WrappedKey decode(byte[] value) {
        if (!SealBytes.startsWith(value, DOMAIN)) {
            throw new SealFormatException(
                    "not a wrapped key (no " + new String(DOMAIN, StandardCharsets.US_ASCII) + " prefix)");
        }
        SealBytes.Reader in = new SealBytes.Reader(value, DOMAIN.length);
        WrappedKey key = read(in);
        in.end();
        return key;
    }

    static WrappedKey read(SealBytes.Reader in) {
        return new WrappedKey(in.str(), in.bytes(), in.bytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappedKey w
                && recipientKeyId.equals(w.recipientKeyId)
                && Arrays.equals(encapsulation, w.encapsulation)
                && Arrays.equals(ciphertext, w.ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recipientKeyId, Arrays.hashCode(encapsulation), Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "WrappedKey[recipientKeyId=" + recipientKeyId + "]";
    }
}
