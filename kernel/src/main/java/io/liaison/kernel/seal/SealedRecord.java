package io.liaison.kernel.seal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A sealed record value: its context in clear, where its data key is, and the content encrypted
 * under that data key.
 *
 * <pre>
 * "liaison/sealed/v1"
 * u8(placement)             1 = data key inline (wrapped per record), 2 = data key referenced (in the recipient's
 *                           key topic), 3 = data key inline (wrapped under a session key)
 * context                   str(topic) ‖ str(messageId) ‖ str(sender) ‖ str(messageType) ‖ str(recipient) ‖ str(recipientKeyId)
 * inline:     str(recipientKeyId) ‖ bytes(encapsulation) ‖ bytes(wrapped data key)     as in {@link WrappedKey}
 * referenced: str(keyRef)   the key-topic record key
 * bytes(nonce)              12 bytes
 * bytes(ciphertext)         AES-256-GCM of the content, with its 16-byte tag
 * </pre>
 */
public record SealedRecord(SealContext context, KeyPlacement placement, byte[] nonce, byte[] ciphertext) {
    static final byte[] DOMAIN = "liaison/sealed/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int INLINE = 1;
    private static final int REFERENCED = 2;
    private static final int INLINE_SESSION = 3;

    /** Where the data key of a sealed record is kept. */
    public sealed interface KeyPlacement {
        /** In the record itself (ingress: short-lived, read by one consumer). */
        record Inline(WrappedKey key) implements KeyPlacement {}

        /** In the recipient's compacted key topic under {@code keyRef}, so it can be destroyed alone. */
        record Referenced(String keyRef) implements KeyPlacement {}
    }

    public SealedRecord {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(placement, "placement");
        nonce = nonce.clone();
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** Whether the bytes start as a sealed record does (a Confluent-framed value starts with 0x00). */
    public static boolean isSealed(byte[] value) {
        return SealBytes.startsWith(value, DOMAIN);
    }

    public byte[] encode() {
        SealBytes.Writer out = new SealBytes.Writer().raw(DOMAIN);
        if (placement instanceof KeyPlacement.Inline inline) {
            out.u8(inline.key().scheme() == WrappedKey.Scheme.SESSION ? INLINE_SESSION : INLINE);
            context.write(out);
            inline.key().write(out);
        } else {
            out.u8(REFERENCED);
            context.write(out);
            out.str(((KeyPlacement.Referenced) placement).keyRef());
        }
        return out.bytes(nonce).bytes(ciphertext).toByteArray();
    }

    public static SealedRecord decode(byte[] value) {
        if (!isSealed(value)) {
            throw new SealFormatException(
                    "not a sealed record (no " + new String(DOMAIN, StandardCharsets.US_ASCII) + " prefix)");
        }
        SealBytes.Reader in = new SealBytes.Reader(value, DOMAIN.length);
        int kind = in.u8();
        SealContext context = SealContext.read(in);
        KeyPlacement placement = switch (kind) {
            case INLINE -> new KeyPlacement.Inline(WrappedKey.read(WrappedKey.Scheme.PER_RECORD, in));
            case INLINE_SESSION -> new KeyPlacement.Inline(WrappedKey.read(WrappedKey.Scheme.SESSION, in));
            case REFERENCED -> new KeyPlacement.Referenced(in.str());
            default -> throw new SealFormatException("unknown key placement " + kind);
        };
        SealedRecord record = new SealedRecord(context, placement, in.bytes(), in.bytes());
        in.end();
        return record;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedRecord s
                && context.equals(s.context)
                && placement.equals(s.placement)
                && Arrays.equals(nonce, s.nonce)
                && Arrays.equals(ciphertext, s.ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(context, placement, Arrays.hashCode(nonce), Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "SealedRecord[context=" + context + ", placement=" + placement + ", " + ciphertext.length + " bytes]";
    }
}
