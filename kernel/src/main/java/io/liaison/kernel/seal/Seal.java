package io.liaison.kernel.seal;

import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.envelope.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Seals a record to one owner and opens it again. Two layers, each bound to the record's
 * {@link SealContext}:
 *
 * <ul>
 *   <li>content: AES-256-GCM under a fresh random 32-byte data key, 12-byte random nonce,
 *       AAD = {@code "liaison/sealed-data/v1" ‖ context};
 *   <li>data key: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM,
 *       to the recipient's X25519 key, info = {@code "liaison/data-key/v1" ‖ context}, empty AAD.
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
    private static final int DATA_KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

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

    /** Seals {@code plaintext} to {@code to} with its data key inside the record. */
    public static SealedRecord sealInline(
            SealContext context, byte[] plaintext, EncryptionKey to, SecureRandom random) {
        byte[] dataKey = dataKey(random);
        try {
            WrappedKey wrapped = wrap(context, dataKey, to);
            return encrypt(context, new SealedRecord.KeyPlacement.Inline(wrapped), dataKey, plaintext, random);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Seals {@code plaintext} to {@code to}; the wrapped data key is to be stored under {@code keyRef} in the key topic. */
    public static Sealed sealReferenced(
            SealContext context, String keyRef, byte[] plaintext, EncryptionKey to, SecureRandom random) {
        Objects.requireNonNull(keyRef, "keyRef");
        byte[] dataKey = dataKey(random);
        try {
            WrappedKey wrapped = wrap(context, dataKey, to);
            return new Sealed(
                    encrypt(context, new SealedRecord.KeyPlacement.Referenced(keyRef), dataKey, plaintext, random),
                    wrapped);
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
        byte[] dataKey;
        try {
            dataKey = hpke().open(
                            wrapped.encapsulation(),
                            key.get().pair(),
                            info(context),
                            new byte[0],
                            wrapped.ciphertext(),
                            null,
                            null,
                            null);
        } catch (InvalidCipherTextException | RuntimeException e) {
            return refuse(RejectionReason.SEAL_BROKEN, "the data key does not unwrap under this record's context");
        }
        try {
            return new Opening.Opened(context, decrypt(context, dataKey, record));
        } catch (InvalidCipherTextException | RuntimeException e) {
            return refuse(RejectionReason.SEAL_BROKEN, "the content does not decrypt under this record's context");
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static WrappedKey wrap(SealContext context, byte[] dataKey, EncryptionKey to) {
        if (!to.owner().equals(context.recipient()) || !to.keyId().equals(context.recipientKeyId())) {
            throw new IllegalArgumentException("key " + to.keyId() + " of " + to.owner()
                    + " is not the one the context names: " + context.recipientKeyId() + " of " + context.recipient());
        }
        try {
            byte[][] sealed = hpke().seal(to.publicKey(), info(context), new byte[0], dataKey, null, null, null);
            return new WrappedKey(to.keyId(), sealed[1], sealed[0]);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("HPKE refused to seal a data key", e);
        }
    }

    private static SealedRecord encrypt(
            SealContext context,
            SealedRecord.KeyPlacement placement,
            byte[] dataKey,
            byte[] plaintext,
            SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        GCMModeCipher gcm = gcm(true, dataKey, nonce, context);
        byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
        int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM refused to encrypt", e);
        }
        return new SealedRecord(context, placement, nonce, out);
    }

    private static byte[] decrypt(SealContext context, byte[] dataKey, SealedRecord record)
            throws InvalidCipherTextException {
        byte[] ciphertext = record.ciphertext();
        GCMModeCipher gcm = gcm(false, dataKey, record.nonce(), context);
        byte[] out = new byte[gcm.getOutputSize(ciphertext.length)];
        int n = gcm.processBytes(ciphertext, 0, ciphertext.length, out, 0);
        n += gcm.doFinal(out, n);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static GCMModeCipher gcm(boolean encrypt, byte[] dataKey, byte[] nonce, SealContext context) {
        byte[] aad =
                new SealBytes.Writer().raw(CONTENT_AAD).raw(context.bytes()).toByteArray();
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(dataKey), TAG_BITS, nonce, aad));
        return gcm;
    }

    static byte[] info(SealContext context) {
        return new SealBytes.Writer().raw(KEY_INFO).raw(context.bytes()).toByteArray();
    }

    private static byte[] dataKey(SecureRandom random) {
        byte[] key = new byte[DATA_KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** The one suite; HPKE objects are cheap, and one per call keeps this class thread-safe. */
    private static HPKE hpke() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    }

    private static Opening refuse(RejectionReason reason, String detail) {
        return new Opening.Refused(reason, detail);
    }
}
