package io.liaison.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liaison.kernel.crypto.SigningIdentity;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One approver's Ed25519 signature over a place in the policy chain ({@link ChainLink}: sequence,
 * predecessor, version), made at {@code signedAt}. Produced by {@code liaison policy approve} as a
 * detached file (JSON, {@link #toJson()}), one per agency, and collected into the policy record.
 *
 * <p>Signing input (docs/signing.md §12): ASCII {@value #DOMAIN}, then
 * {@code str(approver) str(keyId) u64(sequence) str(predecessor) str(version) u64(signedAt ms)},
 * where {@code str} is a u32 big-endian byte length and the UTF-8 bytes, {@code u64} big-endian.
 * The domain keeps an approval from being replayed as any other signature an agency key makes.
 *
 * @param approver  agency id of the approver
 * @param keyId     the agency signing key's id in the trust store
 * @param link      the chain position approved
 * @param signedAt  when the approver signed (whole milliseconds)
 * @param signature 64-byte Ed25519 signature
 */
public record PolicyApproval(String approver, String keyId, ChainLink link, Instant signedAt, byte[] signature) {
    public static final String DOMAIN = "liaison/policy-approval/v2";
    private static final ObjectMapper JSON = new ObjectMapper();

    public PolicyApproval {
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(link, "link");
        signedAt = signedAt.truncatedTo(ChronoUnit.MILLIS);
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public byte[] signingInput() {
        return signingInput(approver, keyId, link, signedAt);
    }

    public static byte[] signingInput(String approver, String keyId, ChainLink link, Instant signedAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(DOMAIN.getBytes(StandardCharsets.US_ASCII));
            str(out, approver);
            str(out, keyId);
            out.writeLong(link.sequence());
            str(out, link.predecessor());
            str(out, link.version());
            out.writeLong(signedAt.toEpochMilli());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by an in-memory stream
        }
        return bytes.toByteArray();
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** {@code identity}'s approval of {@code link} at {@code now}; the identity's owner is the approving agency. */
    public static PolicyApproval sign(SigningIdentity identity, ChainLink link, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        return new PolicyApproval(
                identity.owner(),
                identity.keyId(),
                link,
                at,
                identity.sign(signingInput(identity.owner(), identity.keyId(), link, at)));
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("approver", approver);
        o.put("keyId", keyId);
        o.put("sequence", link.sequence());
        o.put("predecessor", link.predecessor());
        o.put("version", link.version());
        o.put("signedAt", signedAt.toString());
        o.put("signature", Base64.getEncoder().encodeToString(signature));
        return o;
    }

    /** Reads {@link #toJson()}'s form; throws {@link IllegalArgumentException} naming the missing or bad field. */
    public static PolicyApproval fromJson(JsonNode node) {
        JsonNode sequence = node.get("sequence");
        if (sequence == null || !sequence.canConvertToExactIntegral() || !sequence.canConvertToLong()) {
            throw new IllegalArgumentException("approval: field 'sequence' is missing or not a whole number");
        }
        Instant signedAt;
        try {
            signedAt = Instant.parse(text(node, "signedAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "approval: field 'signedAt' is not an ISO-8601 instant: " + e.getParsedString());
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(text(node, "signature"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("approval: field 'signature' is not base64");
        }
        return new PolicyApproval(
                text(node, "approver"),
                text(node, "keyId"),
                new ChainLink(sequence.asLong(), text(node, "predecessor"), text(node, "version")),
                signedAt,
                signature);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("approval: field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyApproval a
                && approver.equals(a.approver)
                && keyId.equals(a.keyId)
                && link.equals(a.link)
                && signedAt.equals(a.signedAt)
                && Arrays.equals(signature, a.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(approver, keyId, link, signedAt, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "PolicyApproval[" + approver + " key " + keyId + " of " + link + " at " + signedAt + "]";
    }
}
