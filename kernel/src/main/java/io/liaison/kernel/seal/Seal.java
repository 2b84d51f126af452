package io.liaison.kernel.seal;

import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.envelope.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * Seals a record to one owner and opens it again. Two layers, each bound to the record's
 * {@link SealContext}:
 *
 * <ul>
 *   <li>content: AES-256-GCM under a fresh random 32-byte data key, 12-byte random nonce,
 *       AAD = {@code "liaison/sealed-data/v1" ‖ context};
 *   <li>data key, wrapped to the owner's X25519 key in one of two ways ({@link WrappedKey.Scheme}):
 *       <ul>
 *         <li>per record: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 *             AES-256-GCM, info = {@code "liaison/data-key/v1" ‖ context}, empty AAD ({@link #sealInline});
 *         <li>per session: AES-256-GCM under a 32-byte session key exported from an HPKE context
 *             set up once per owner key and interval, info = {@code "liaison/session/v2" ‖
 *             str(owner) ‖ str(keyId)}, exporter context {@code "liaison/session-key/v2"}; random
 *             12-byte nonce, AAD = {@code "liaison/data-key/v2" ‖ context} ({@link SessionSealer}).
 *       </ul>
 * </ul>
 *
 * A data key is used for one record only. Opening checks, in order: the bytes are a sealed record,
 * its context names the topic and key it was read from and this reader as recipient, the reader
 * holds the private key it names, its data key exists, and both layers authenticate; each failure
 * is a named {@link Opening.Refused}.
 */
public final class Seal {
    static final byte[] KEY_INFO = "liaison/data-key/v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CONTENT_AAD = "liaison/sealed-data/v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SESSION_INFO = "liaison/session/v2".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SESSION_KEY_LABEL = "liaison/session-key/v2".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SESSION_WRAP_AAD = "liaison/data-key/v2".getBytes(StandardCharsets.US_ASCII);

    private Seal() {}

    /** A record whose data key goes to the recipient's key topic, and that wrapped key. */
    public record Sealed(SealedRecord record, WrappedKey key) {}

    /** Where the key topic's wrapped data keys come from when opening a record that references one. */
    @FunctionalInterface
    public interface KeyLookup {
        /** The key-topic value stored under {@code keyRef}; empty when it was never written or was destroyed. */
        Optional<byte[]> wrappedKey(String keyRef);

        /** For readers of inline-keyed records only (the backbone on ingress). */
        KeyLookup NONE = keyRef -> Optional.empty();
    }

    /** A new key-topic reference for a record of {@code messageId}: {@code <messageId>/<32 random hex digits>}. */
    public static String newKeyRef(String messageId, SecureRandom random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return messageId + "/" + Digests.hex(nonce);
    }

    /**
     * Seals {@code plaintext} to {@code to} with its data key inside the record, wrapped for this
     * record alone: for records sealed one at a time (a complaint, a referral), where an X25519
     * agreement per record costs nothing that matters. Streams of records use {@link SessionSealer}.
     */
    public static SealedRecord sealInline(
            SealContext context, byte[] plaintext, EncryptionKey to, SecureRandom random) {
        requireNamedKey(context, to);
        byte[] bound = context.bytes();
        byte[] dataKey = dataKey(random);
        try {
            byte[][] sealed = hpke().seal(to.publicKey(), info(bound), new byte[0], dataKey, null, null, null);
            WrappedKey wrapped = new WrappedKey(WrappedKey.Scheme.PER_RECORD, to.keyId(), sealed[1], sealed[0]);
            return encrypt(context, bound, new SealedRecord.KeyPlacement.Inline(wrapped), dataKey, plaintext, random);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("HPKE refused to seal a data key", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * Opens a record value read from {@code topic} under record key {@code recordKey} with the
     * reader's own keys.
     */
    public static Opening open(byte[] value, String topic, String recordKey, DecryptionKeys keys, KeyLookup lookup) {
        if (!SealedRecord.isSealed(value)) {
            return refuse(RejectionReason.NOT_SEALED, "the " + topic + " record is not a sealed record");
        }
        SealedRecord record;
        try {
            record = SealedRecord.decode(value);
        } catch (SealFormatException e) {
            return refuse(RejectionReason.SEAL_BROKEN, "malformed sealed record on " + topic + ": " + e.getMessage());
        }
        SealContext context = record.context();
        if (!context.topic().equals(topic) || !context.messageId().equals(recordKey)) {
            return refuse(
                    RejectionReason.SEAL_MISDIRECTED,
                    "sealed for " + context.topic() + " key " + context.messageId() + " but read from " + topic
                            + " key " + recordKey);
        }
        if (!context.recipient().equals(keys.owner())) {
            return refuse(
                    RejectionReason.SEAL_MISDIRECTED, "sealed to " + context.recipient() + ", not to " + keys.owner());
        }
        Optional<DecryptionKey> key = keys.byId(context.recipientKeyId());
        if (key.isEmpty()) {
            return refuse(
                    RejectionReason.DECRYPTION_KEY_UNAVAILABLE,
                    keys.owner() + " holds no private key " + context.recipientKeyId() + " (it holds " + keys.keyIds()
                            + ")");
        }
        WrappedKey wrapped;
        if (record.placement() instanceof SealedRecord.KeyPlacement.Inline inline) {
            wrapped = inline.key();
        } else {
            String ref = ((SealedRecord.KeyPlacement.Referenced) record.placement()).keyRef();
            Optional<byte[]> stored = lookup.wrappedKey(ref);
            if (stored.isEmpty()) {
                return refuse(
                        RejectionReason.DECRYPTION_KEY_UNAVAILABLE,
                        "data key " + ref + " is not in the key topic: destroyed, or not readable here");
            }
            try {
                wrapped = WrappedKey.decode(stored.get());
            } catch (SealFormatException e) {
                return refuse(RejectionReason.SEAL_BROKEN, "data key " + ref + " is malformed: " + e.getMessage());
            }
        }
        if (!wrapped.recipientKeyId().equals(context.recipientKeyId())) {
            return refuse(
                    RejectionReason.SEAL_BROKEN,
                    "the data key is wrapped to " + wrapped.recipientKeyId() + ", the record names "
                            + context.recipientKeyId());
        }
        byte[] bound = context.bytes();
        byte[] dataKey;
        try {
            dataKey = unwrap(bound, wrapped, key.get(), keys);
        } catch (InvalidCipherTextException | AEADBadTagException | RuntimeException e) {
            return refuse(RejectionReason.SEAL_BROKEN, "the data key does not unwrap under this record's context");
        }
        try {
            return new Opening.Opened(
                    context, Aes256Gcm.decrypt(dataKey, record.nonce(), contentAad(bound), record.ciphertext()));
        } catch (AEADBadTagException | RuntimeException e) {
            return refuse(RejectionReason.SEAL_BROKEN, "the content does not decrypt under this record's context");
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** {@code bound} is the record's serialised context, which both layers bind. */
    private static byte[] unwrap(byte[] bound, WrappedKey wrapped, DecryptionKey key, DecryptionKeys keys)
            throws InvalidCipherTextException, AEADBadTagException {
        return switch (wrapped.scheme()) {
            case PER_RECORD ->
                hpke().open(
                                wrapped.encapsulation(),
                                key.pair(),
                                info(bound),
                                new byte[0],
                                wrapped.ciphertext(),
                                null,
                                null,
                                null);
            case SESSION -> {
                byte[] nonceAndKey = wrapped.ciphertext();
                if (nonceAndKey.length != Aes256Gcm.NONCE_BYTES + Aes256Gcm.KEY_BYTES + Aes256Gcm.TAG_BYTES) {
                    throw new SealFormatException("a session-wrapped data key is 60 bytes");
                }
                byte[] sessionKey = keys.sessionKey(key, wrapped.encapsulation());
                yield Aes256Gcm.decrypt(
                        sessionKey,
                        Arrays.copyOf(nonceAndKey, Aes256Gcm.NONCE_BYTES),
                        sessionWrapAad(bound),
                        Arrays.copyOfRange(nonceAndKey, Aes256Gcm.NONCE_BYTES, nonceAndKey.length));
            }
        };
    }

    /** The session key a receiver derives from a session's encapsulation with its private key. */
    static byte[] receiverSessionKey(DecryptionKey key, byte[] encapsulation) {
        return hpke().setupBaseR(encapsulation, key.pair(), sessionInfo(key.owner(), key.keyId()))
                .export(SESSION_KEY_LABEL, Aes256Gcm.KEY_BYTES);
    }

    static void requireNamedKey(SealContext context, EncryptionKey to) {
        if (!to.owner().equals(context.recipient()) || !to.keyId().equals(context.recipientKeyId())) {
            throw new IllegalArgumentException("key " + to.keyId() + " of " + to.owner()
                    + " is not the one the context names: " + context.recipientKeyId() + " of " + context.recipient());
        }
    }

    /** {@code bound} is {@code context} serialised ({@link SealContext#bytes()}), once for both layers. */
    static SealedRecord encrypt(
            SealContext context,
            byte[] bound,
            SealedRecord.KeyPlacement placement,
            byte[] dataKey,
            byte[] plaintext,
            SecureRandom random) {
        byte[] nonce = nonce(random);
        return new SealedRecord(
                context, placement, nonce, Aes256Gcm.encrypt(dataKey, nonce, contentAad(bound), plaintext));
    }

    private static byte[] contentAad(byte[] bound) {
        return new SealBytes.Writer().raw(CONTENT_AAD).raw(bound).toByteArray();
    }

    static byte[] info(byte[] bound) {
        return new SealBytes.Writer().raw(KEY_INFO).raw(bound).toByteArray();
    }

    static byte[] sessionInfo(String owner, String keyId) {
        return new SealBytes.Writer().raw(SESSION_INFO).str(owner).str(keyId).toByteArray();
    }

    static byte[] sessionWrapAad(byte[] bound) {
        return new SealBytes.Writer().raw(SESSION_WRAP_AAD).raw(bound).toByteArray();
    }

    static byte[] dataKey(SecureRandom random) {
        byte[] key = new byte[Aes256Gcm.KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    static byte[] nonce(SecureRandom random) {
        byte[] nonce = new byte[Aes256Gcm.NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    /** The one suite; HPKE objects are cheap, and one per call keeps this class thread-safe. */
    static HPKE hpke() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    }

    private static Opening refuse(RejectionReason reason, String detail) {
        return new Opening.Refused(reason, detail);
    }
}
