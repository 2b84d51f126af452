package io.liaison.policy.redaction;

import io.liaison.kernel.crypto.Digests;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms: {@code P-} + 32 hex digits (128 bits) of HMAC-SHA256(k, normalised value), where
 * k is the recipient's key for the current period, HKDF-SHA256 (RFC 5869) of the backbone's master
 * secret with salt {@code "liaison/pseudonym/v2"} and info {@code str(recipient) || u64(period)}.
 * Periods are counted from 1970-01-01T00:00Z: period n covers [n·P, (n+1)·P).
 *
 * <p>One recipient sees the same pseudonym for the same value in every message of one period; two
 * recipients cannot join their pseudonyms, nor one recipient its pseudonyms of two periods, without
 * the master secret, and nobody can test a guess without it. Rotating the key per period bounds the
 * dictionary a recipient can build by getting chosen values delivered to it: it is worthless in the
 * next period.
 */
final class Pseudonyms {
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] SALT = "liaison/pseudonym/v2".getBytes(StandardCharsets.UTF_8);
    /** 128 bits: a collision is unlikely below about 2^64 distinct values per recipient and period. */
    private static final int PSEUDONYM_BYTES = 16;

    private final byte[] master;
    private final long periodMillis;
    private final Clock clock;
    private final Map<RecipientPeriod, byte[]> keys = new ConcurrentHashMap<>();

    private record RecipientPeriod(String recipient, long period) {}

    Pseudonyms(byte[] master, Duration period, Clock clock) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the pseudonym period must be positive, was " + period);
        }
        this.master = master.clone();
        this.periodMillis = period.toMillis();
        this.clock = clock;
    }

    String pseudonym(String recipient, String value) {
        long period = Math.floorDiv(clock.millis(), periodMillis);
        byte[] key =
                keys.computeIfAbsent(new RecipientPeriod(recipient, period), k -> periodKey(k.recipient(), k.period()));
        byte[] tag = hmac(key, normalise(value).getBytes(StandardCharsets.UTF_8));
        return "P-" + Digests.hex(tag).substring(0, 2 * PSEUDONYM_BYTES);
    }

    /** HKDF-SHA256 with one output block: extract, then expand {@code info || 0x01}. */
    private byte[] periodKey(String recipient, long period) {
        byte[] name = recipient.getBytes(StandardCharsets.UTF_8);
        byte[] info = ByteBuffer.allocate(4 + name.length + 8 + 1)
                .putInt(name.length)
                .put(name)
                .putLong(period)
                .put((byte) 1)
                .array();
        return hmac(hmac(SALT, master), info);
    }

    /** "JUAN  Pérez" and "juan pérez" are the same person for correlation. */
    static String normalise(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFKC)
                .strip()
                .replaceAll("\\s+", " ")
                .toLowerCase(Locale.ROOT);
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

    @Override
    public String toString() {
        return "Pseudonyms[master=[hidden], period=" + Duration.ofMillis(periodMillis) + "]";
    }
}
