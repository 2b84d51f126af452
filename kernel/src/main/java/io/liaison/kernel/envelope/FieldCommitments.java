package io.liaison.kernel.envelope;

import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.fields.Leaf;
import io.liaison.kernel.fields.LeafWalker;
import io.liaison.schemas.envelope.FieldCommitment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Salted per-field commitments: what lets a recipient verify the sender's signature over a copy
 * from which the backbone has withheld or transformed fields.
 *
 * <p>{@code digest = SHA-256("liaison/field/v1" || len(salt) salt || len(path) path || value)}
 * where {@code value} is the canonical value encoding (docs/signing.md). Each salt is 16 bytes
 * (128 bits), derived as HMAC-SHA256(per-message random seed, path) truncated: independent per
 * field, one call to the random source per message. A withheld field keeps its digest but loses its
 * salt, so a recipient cannot confirm a guess of the value by hashing candidates.
 */
public final class FieldCommitments {
    public static final int SALT_BYTES = 16;
    private static final byte[] DOMAIN = "liaison/field/v1".getBytes(StandardCharsets.US_ASCII);

    private FieldCommitments() {}

    /** Commitments to every leaf of {@code payload}, in walk order, each with its salt. */
    public static List<FieldCommitment> commit(GenericRecord payload, byte[] seed) {
        Mac mac = hmac(seed);
        MessageDigest d = Digests.sha256();
        CanonicalBytes input = new CanonicalBytes();
        List<FieldCommitment> out = new ArrayList<>();
        for (Leaf leaf : LeafWalker.leaves(payload)) {
            byte[] salt = Arrays.copyOf(mac.doFinal(leaf.path().getBytes(StandardCharsets.UTF_8)), SALT_BYTES);
            out.add(new FieldCommitment(
                    leaf.path(), ByteBuffer.wrap(digest(d, input, salt, leaf)), ByteBuffer.wrap(salt)));
        }
        return out;
    }

    public static byte[] digest(byte[] salt, Leaf leaf) {
        return digest(Digests.sha256(), new CanonicalBytes(), salt, leaf);
    }

    /** The digest, with a digest and a buffer reused across the leaves of one message (both are reset). */
    private static byte[] digest(MessageDigest d, CanonicalBytes input, byte[] salt, Leaf leaf) {
        d.update(DOMAIN);
        writeCanonicalValue(input.reset().bytes(salt).str(leaf.path()), leaf).updateDigest(d);
        return d.digest();
    }

    /**
     * Checks a payload against the sender's commitments. Every committed path must be present; a
     * path with its salt must hold exactly the committed value; a path without salt must be one the
     * backbone declared it changed ({@code changedPaths}); no leaf may exist that was not committed.
     */
    public static Verdict verify(GenericRecord payload, List<FieldCommitment> commitments, Set<String> changedPaths) {
        Map<String, FieldCommitment> byPath = new HashMap<>();
        for (FieldCommitment c : commitments) {
            if (byPath.put(c.getPath(), c) != null) {
                return Verdict.reject(
                        RejectionReason.COMMITMENT_MISMATCH, "path " + c.getPath() + " is committed twice");
            }
        }
        List<Leaf> leaves = LeafWalker.leaves(payload);
        if (leaves.size() != byPath.size()) {
            return Verdict.reject(
                    RejectionReason.COMMITMENT_MISMATCH,
                    "payload has " + leaves.size() + " fields but " + byPath.size() + " are committed");
        }
        MessageDigest d = Digests.sha256();
        CanonicalBytes input = new CanonicalBytes();
        for (Leaf leaf : leaves) {
            FieldCommitment c = byPath.get(leaf.path());
            if (c == null) {
                return Verdict.reject(
                        RejectionReason.COMMITMENT_MISMATCH,
                        "field " + leaf.path() + " was not committed by the sender");
            }
            if (c.getSalt() == null) {
                if (!changedPaths.contains(leaf.path())) {
                    return Verdict.reject(
                            RejectionReason.ATTESTATION_INVALID,
                            "field " + leaf.path() + " lost its salt but the backbone did not attest a change");
                }
                continue;
            }
            byte[] expected = bytes(c.getDigest());
            if (!MessageDigest.isEqual(expected, digest(d, input, bytes(c.getSalt()), leaf))) {
                return Verdict.reject(
                        RejectionReason.COMMITMENT_MISMATCH,
                        "field " + leaf.path() + " differs from the committed value");
            }
        }
        return Verdict.ACCEPTED;
    }

    /**
     * Canonical value encoding: a type byte, then 0x00 null; 0x01 boolean (1 byte); 0x02 int, long,
     * date (epoch day) or timestamp (epoch millis) as 8 bytes; 0x03 float or double as the 8-byte
     * IEEE 754 bits of the double; 0x04 string or enum symbol, length-prefixed UTF-8; 0x05 bytes or
     * fixed, length-prefixed.
     */
    static byte[] canonicalValue(Leaf leaf) {
        return writeCanonicalValue(new CanonicalBytes(), leaf).toByteArray();
    }

    private static CanonicalBytes writeCanonicalValue(CanonicalBytes out, Leaf leaf) {
        Object v = leaf.value();
        if (v == null) {
            return out.u8(0x00);
        }
        return switch (leaf.schema().getType()) {
            case BOOLEAN -> out.u8(0x01).u8(((Boolean) v) ? 1 : 0);
            case INT, LONG -> out.u8(0x02).u64(integral(v));
            case FLOAT, DOUBLE -> out.u8(0x03).u64(Double.doubleToLongBits(((Number) v).doubleValue()));
            case STRING, ENUM -> out.u8(0x04).str(v.toString());
            case BYTES -> out.u8(0x05).bytes((ByteBuffer) v);
            case FIXED -> out.u8(0x05).bytes(((GenericFixed) v).bytes());
            default ->
                throw new IllegalArgumentException(
                        "not a leaf type: " + leaf.schema().getType() + " at " + leaf.path());
        };
    }

    private static long integral(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (v instanceof LocalDate d) {
            return d.toEpochDay();
        }
        throw new IllegalArgumentException(
                "unsupported integral value " + v.getClass().getName());
    }

    public static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static Mac hmac(byte[] seed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
        }
    }
}
