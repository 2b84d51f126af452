package io.liaison.audit.checkpoint;

import io.liaison.kernel.crypto.Digests;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * A signer as C2SP signed-note names it: a key name plus a 32-bit key id,
 * {@code SHA-256(name || 0x0A || type || public key)[:4]}, where type is 0x01 for plain Ed25519
 * note signatures (the backbone's checkpoint signature) and 0x04 for tlog-cosignature/v1
 * timestamped Ed25519 cosignatures (the witness).
 *
 * @param name      key name: non-empty, no spaces, no '+'
 * @param type      signature type byte
 * @param publicKey the Ed25519 public key
 */
public record NoteKey(String name, byte type, Ed25519PublicKeyParameters publicKey) {
    public static final byte ED25519 = 0x01;
    public static final byte COSIGNATURE_V1 = 0x04;

    public NoteKey {
        requireKeyName(name);
        if (type != ED25519 && type != COSIGNATURE_V1) {
            throw new IllegalArgumentException(
                    "signature type must be 0x01 (Ed25519) or 0x04 (cosignature/v1), was " + type);
        }
    }

    public static NoteKey ed25519(String name, Ed25519PublicKeyParameters publicKey) {
        return new NoteKey(name, ED25519, publicKey);
    }

    public static NoteKey cosigner(String name, Ed25519PublicKeyParameters publicKey) {
        return new NoteKey(name, COSIGNATURE_V1, publicKey);
    }

    public int keyId() {
        MessageDigest d = Digests.sha256();
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0x0A);
        d.update(type);
        d.update(publicKey.getEncoded());
        return ByteBuffer.wrap(d.digest(), 0, 4).getInt();
    }

    /** The verifier key string {@code name+hex(keyId)+base64(type || key)} used by Go's note package and witnesses. */
    public String verifierKey() {
        byte[] material = new byte[33];
        material[0] = type;
        System.arraycopy(publicKey.getEncoded(), 0, material, 1, 32);
        return name + "+" + HexFormat.of().toHexDigits(keyId()) + "+"
                + Base64.getEncoder().encodeToString(material);
    }

    /** Parses a verifier key string, rejecting it when its key id does not match its key. */
    public static NoteKey parseVerifierKey(String vkey) {
        String[] parts = vkey.split("\\+", 3);
        if (parts.length != 3 || parts[1].length() != 8) {
            throw new IllegalArgumentException("verifier key must be name+<8 hex digits>+<base64 key>: " + vkey);
        }
        byte[] material = Base64.getDecoder().decode(parts[2]);
        if (material.length != 33) {
            throw new IllegalArgumentException(
                    "verifier key material must be 1 type byte and 32 key bytes, was " + material.length);
        }
        NoteKey key = new NoteKey(parts[0], material[0], new Ed25519PublicKeyParameters(material, 1));
        if (key.keyId() != (int) Long.parseLong(parts[1], 16)) {
            throw new IllegalArgumentException(
                    "verifier key id " + parts[1] + " does not match the key of " + parts[0]);
        }
        return key;
    }

    /** Checks a key name (or an origin used as one): non-empty, no Unicode spaces, no '+'. */
    public static String requireKeyName(String name) {
        if (name == null
                || name.isEmpty()
                || name.contains("+")
                || name.codePoints().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("note key name must be non-empty without spaces or '+': '" + name + "'");
        }
        return name;
    }
}
