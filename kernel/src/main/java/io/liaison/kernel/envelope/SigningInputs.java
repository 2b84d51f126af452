package io.liaison.kernel.envelope;

import io.liaison.kernel.crypto.Digests;
import io.liaison.schemas.envelope.Attestation;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.FieldAction;
import io.liaison.schemas.envelope.FieldCommitment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The exact bytes that get signed. Specified byte for byte in docs/signing.md, with test vectors
 * in kernel/src/test/resources/signing-vectors; change nothing here without a new domain string.
 */
final class SigningInputs {
    static final byte[] ENVELOPE_DOMAIN = "liaison/envelope/v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] BATCH_DOMAIN = "liaison/batch/v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] ATTESTATION_DOMAIN = "liaison/attestation/v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] ATTESTATION_LEAF_DOMAIN = "liaison/attestation-leaf/v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] ATTESTATION_BATCH_DOMAIN = "liaison/attestation-batch/v1".getBytes(StandardCharsets.US_ASCII);

    /** Room for the fixed fields and about this much per commitment, so the buffer rarely grows. */
    private static final int BYTES_PER_COMMITMENT = 96;

    private SigningInputs() {}

    /**
     * The sender's canonical input: domain, then message id, sender, key id, message type,
     * classification, caveats and releasability (each as a sorted, de-duplicated set), created-at
     * in epoch millis, and the field commitments (path and digest, sorted by path). The payload's
     * bytes are bound through the commitments, which cover every leaf, so the signature survives
     * the withholding of a field.
     */
    static byte[] envelope(Envelope e) {
        CanonicalBytes out = new CanonicalBytes(
                        256 + BYTES_PER_COMMITMENT * e.getCommitments().size())
                .raw(ENVELOPE_DOMAIN)
                .str(e.getMessageId())
                .str(e.getSenderAgency())
                .str(e.getKeyId())
                .str(e.getMessageType())
                .str(e.getClassification().name());
        stringSet(out, e.getCaveats());
        stringSet(out, e.getReleasability());
        out.u64(e.getCreatedAt().toEpochMilli());
        List<Keyed<FieldCommitment>> commitments = sortedByUtf8(e.getCommitments(), FieldCommitment::getPath);
        out.u32(commitments.size());
        for (Keyed<FieldCommitment> c : commitments) {
            out.bytes(c.key()).bytes(c.item().getDigest());
        }
        return out.toByteArray();
    }

    /** What a batch signature signs: domain, batch size, RFC 6962 root over the members' canonical inputs. */
    static byte[] batchRoot(int batchSize, byte[] root) {
        return new CanonicalBytes().raw(BATCH_DOMAIN).u32(batchSize).bytes(root).toByteArray();
    }

    /** SHA-256 of the sender's canonical input: the message's identity in attestations and audit records. */
    static byte[] originalDigest(Envelope e) {
        return SenderInput.of(e).originalDigest();
    }

    /**
     * What the backbone signs on a recipient copy: domain, recipient, purpose, policy version, rule
     * ids (sorted set), actions (path and action, sorted by path), original digest, attested-at,
     * backbone key id, and SHA-256 of the delivered payload bytes, so every transformed value is
     * covered exactly.
     */
    static byte[] attestation(Attestation a, byte[] deliveredPayload) {
        CanonicalBytes out = new CanonicalBytes()
                .raw(ATTESTATION_DOMAIN)
                .str(a.getRecipient())
                .str(a.getPurpose())
                .str(a.getPolicyVersion());
        stringSet(out, a.getRuleIds());
        List<Keyed<FieldAction>> actions = sortedByUtf8(a.getActions(), FieldAction::getPath);
        out.u32(actions.size());
        for (Keyed<FieldAction> action : actions) {
            out.bytes(action.key()).str(action.item().getAction());
        }
        return out.bytes(a.getOriginalDigest())
                .u64(a.getAttestedAt().toEpochMilli())
                .str(a.getKeyId())
                .bytes(Digests.sha256(deliveredPayload))
                .toByteArray();
    }

    /**
     * One recipient slot's leaf in an attestation batch: domain, the copy's nonce, then its whole
     * attestation input ({@link #attestation}). The tree hashes it as an RFC 6962 leaf.
     */
    static byte[] attestationLeaf(byte[] nonce, byte[] attestationInput) {
        return new CanonicalBytes()
                .raw(ATTESTATION_LEAF_DOMAIN)
                .bytes(nonce)
                .raw(attestationInput)
                .toByteArray();
    }

    /** What an attestation batch signature signs: domain, number of slots, RFC 6962 root over the slots' leaves. */
    static byte[] attestationBatchRoot(int batchSize, byte[] root) {
        return new CanonicalBytes()
                .raw(ATTESTATION_BATCH_DOMAIN)
                .u32(batchSize)
                .bytes(root)
                .toByteArray();
    }

    private static void stringSet(CanonicalBytes out, List<String> values) {
        List<byte[]> set = new ArrayList<>(values.size());
        for (Keyed<String> value : sortedByUtf8(values, v -> v)) {
            if (set.isEmpty() || !Arrays.equals(set.get(set.size() - 1), value.key())) {
                set.add(value.key());
            }
        }
        out.u32(set.size());
        set.forEach(out::bytes);
    }

    /** An item and its sort key's UTF-8 bytes. */
    private record Keyed<T>(byte[] key, T item) {}

    /**
     * {@code items} in the unsigned order of their keys' UTF-8 bytes (stable), each key encoded once
     * rather than at every comparison: the encodings were 2% of the backbone's work per message.
     */
    private static <T> List<Keyed<T>> sortedByUtf8(List<T> items, Function<T, String> key) {
        List<Keyed<T>> keyed = new ArrayList<>(items.size());
        for (T item : items) {
            keyed.add(new Keyed<>(key.apply(item).getBytes(StandardCharsets.UTF_8), item));
        }
        keyed.sort((x, y) -> Arrays.compareUnsigned(x.key(), y.key()));
        return keyed;
    }
}
