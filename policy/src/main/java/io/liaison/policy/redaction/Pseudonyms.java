package io.liaison.policy.redaction;

import io.liaison.kernel.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms: {@code P-} + 12 hex digits (48 bits) of HMAC-SHA256(k_r, normalised value), where
 * k_r = HMAC-SHA256(secret, "liaison/pseudonym/v1" || 0x00 || recipient). One recipient sees the
 * same pseudonym for the same value in every message; two recipients cannot join their pseudonyms
 * without the backbone's secret, and nobody can test a guess without it.
 */
final class Pseudonyms {
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] LABEL = "liaison/pseudonym/v1\0".getBytes(StandardCharsets.UTF_8);

    private final byte[] secret;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

    Pseudonyms(byte[] secret) {
        this.secret = secret.clone();
    }

    String pseudonym(String recipient, String value) {
        byte[] key = keys.computeIfAbsent(recipient, r -> hmac(secret, concat(LABEL, r.getBytes(StandardCharsets.UTF_8))));
        byte[] tag = hmac(key, normalise(value).getBytes(StandardCharsets.UTF_8));
        return "P-" + Digests.hex(tag).substring(0, 12);
    }

    /** "JUAN  Pérez" and "juan pérez" are the same person for correlation. */
    static String normalise(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public String toString() {
        return "Pseudonyms[secret=[hidden]]";
    }
}
