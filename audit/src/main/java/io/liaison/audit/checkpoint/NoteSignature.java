package io.liaison.audit.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One signature line of a signed note: {@code — <name> base64(keyId || signature)}.
 *
 * @param keyName   the signer's key name
 * @param keyId     the 32-bit key id (big-endian on the wire)
 * @param signature what follows the key id: 64 bytes for Ed25519, 8 + 64 for a cosignature
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {
    static final String EM_DASH = "\u2014";

    public NoteSignature {
        NoteKey.requireKeyName(keyName);
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public boolean isFrom(NoteKey key) {
        return key.name().equals(keyName) && key.keyId() == keyId;
    }

    String line() {
        byte[] blob = ByteBuffer.allocate(4 + signature.length)
                .putInt(keyId)
                .put(signature)
                .array();
        return EM_DASH + " " + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    static NoteSignature parseLine(String line) {
        if (!line.startsWith(EM_DASH + " ")) {
            throw new IllegalArgumentException("signature line must start with an em dash and a space: " + line);
        }
        String rest = line.substring(2);
        int space = rest.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("signature line must be '— <name> <base64>': " + line);
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature of " + rest.substring(0, space) + " is not base64", e);
        }
        if (blob.length < 5) {
            throw new IllegalArgumentException(
                    "signature of " + rest.substring(0, space) + " is shorter than a key id");
        }
        return new NoteSignature(
                rest.substring(0, space), ByteBuffer.wrap(blob).getInt(), Arrays.copyOfRange(blob, 4, blob.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature s
                && s.keyName.equals(keyName)
                && s.keyId == keyId
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return keyName.hashCode() * 31 + keyId;
    }

    @Override
    public String toString() {
        return "NoteSignature[" + keyName + " " + HexFormat.of().toHexDigits(keyId) + "]";
    }
}
