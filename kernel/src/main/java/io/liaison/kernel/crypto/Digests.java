package io.liaison.kernel.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. */
public final class Digests {
    // Cloned for each use: a provider lookup per digest (MessageDigest.getInstance) was 1.4% of the
    // backbone's work per message in JMH, which takes a few dozen digests a message. Never updated,
    // so concurrent clones read a fixed state.
    private static final MessageDigest SHA_256 = newSha256();

    private Digests() {}

    public static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 of " + SHA_256.getProvider() + " cannot be cloned", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(data);
    }
}
