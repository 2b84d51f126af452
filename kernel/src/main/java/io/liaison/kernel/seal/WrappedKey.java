package io.liaison.kernel.seal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record's data key wrapped to its recipient: the HPKE encapsulation it needs and the sealed 32
 * bytes. Kept inside an ingress record, or as the value of the recipient's key topic
 * ({@code keys.<agency>}), where a tombstone under its reference destroys it.
 *
 * <pre>
 * "liaison/wrapped-key/v1" ‖ str(recipientKeyId) ‖ bytes(encapsulation) ‖ bytes(ciphertext)    {@link Scheme#PER_RECORD}
 * "liaison/wrapped-key/v2" ‖ str(recipientKeyId) ‖ bytes(encapsulation) ‖ bytes(nonce ‖ ciphertext)    {@link Scheme#SESSION}
 * </pre>
 *
 * @param scheme         how the data key is wrapped
 * @param ciphertext     the wrapped data key with its tag; under {@link Scheme#SESSION} preceded by its 12-byte nonce
 */
public record WrappedKey(Scheme scheme, String recipientKeyId, byte[] encapsulation, byte[] ciphertext) {
    /** How a data key is wrapped to its owner (docs/encryption.md, "Algorithms"). */
    public enum Scheme {
        /** HPKE single-shot seal of this one data key: one X25519 agreement per record. */
        PER_RECORD("liaison/wrapped-key/v1"),
        /**
         * AES-256-GCM under a session key exported from an HPKE context that the sealer sets up
         * once per owner key and interval ({@link SessionSealer}); the encapsulation names the session.
         */
        SESSION("liaison/wrapped-key/v2");

        final byte[] domain;

        Scheme(String domain) {
            this.domain = domain.getBytes(StandardCharsets.US_ASCII);
        }
    }

    public WrappedKey {
        Objects.requireNonNull(scheme, "scheme");
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
        return write(new SealBytes.Writer().raw(scheme.domain)).toByteArray();
    }

    SealBytes.Writer write(SealBytes.Writer out) {
        return out.str(recipientKeyId).bytes(encapsulation).bytes(ciphertext);
    }

    /** The value of a key-topic record. */
    public static WrappedKey decode(byte[] value) {
        for (Scheme scheme : Scheme.values()) {
            if (SealBytes.startsWith(value, scheme.domain)) {
                SealBytes.Reader in = new SealBytes.Reader(value, scheme.domain.length);
                WrappedKey key = read(scheme, in);
                in.end();
                return key;
            }
        }
        throw new SealFormatException("not a wrapped key (no liaison/wrapped-key/v1 or /v2 prefix)");
    }

    static WrappedKey read(Scheme scheme, SealBytes.Reader in) {
        return new WrappedKey(scheme, in.str(), in.bytes(), in.bytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappedKey w
                && scheme == w.scheme
                && recipientKeyId.equals(w.recipientKeyId)
                && Arrays.equals(encapsulation, w.encapsulation)
                && Arrays.equals(ciphertext, w.ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, recipientKeyId, Arrays.hashCode(encapsulation), Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "WrappedKey[scheme=" + scheme + ", recipientKeyId=" + recipientKeyId + "]";
    }
}
