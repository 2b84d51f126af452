package io.liaison.complaints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.Seal;
import io.liaison.kernel.seal.SealContext;
import io.liaison.policy.ComplaintStatus;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What filing a complaint writes, built without I/O: the complaint sealed to oversight, its first
 * status and its audit record. The audit record names the receipt (as {@code messageId}) and the
 * category (as {@code reasonCode}), never the place, description or contact.
 */
public final class ComplaintRecords {
    /** The {@code messageType} of complaint audit records and of the sealed record's context. */
    public static final String MESSAGE_TYPE = "Complaint";
    /** The sealed record's {@code sender}: the public, whose members file without an account. */
    public static final String FROM_THE_PUBLIC = "the-public";

    public static final String METHOD = "https-form";
    /** Suffix of the status topic key under which a receipt's inclusion proof is kept. */
    public static final String PROOF_SUFFIX = "/proof";

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        LiaisonSchemas.trustGeneratedClasses(); // AuditRecord's nested record is a generated class
    }

    private ComplaintRecords() {}

    /** The three records one filing writes, in one Kafka transaction. */
    public record Filing(String receipt, byte[] sealed, byte[] status, AuditRecord audit) {}

    /** A complaint's status as the status topic holds it. */
    public record StatusEntry(String receipt, ComplaintStatus status, Instant changedAt) {
        public byte[] toJson() {
            Map<String, String> o = new LinkedHashMap<>();
            o.put("receipt", receipt);
            o.put("status", status.key());
            o.put("changedAt", changedAt.toString());
            try {
                return JSON.writeValueAsBytes(o);
            } catch (IOException e) {
                throw new IllegalStateException("a map of strings always serialises", e);
            }
        }

        public static StatusEntry fromJson(byte[] json) {
            try {
                JsonNode o = JSON.readTree(json);
                return new StatusEntry(
                        o.get("receipt").asText(),
                        ComplaintStatus.of(o.get("status").asText())
                                .orElseThrow(() -> new IllegalArgumentException("unknown status")),
                        Instant.parse(o.get("changedAt").asText()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("not a complaint status: " + e.getMessage(), e);
            }
        }
    }

    /**
     * @param oversightKey  the oversight agency's current encryption key (from the trust store)
     * @param policyVersion the policy whose categories the complaint was validated against
     * @param component     names the intake instance in the audit record
     */
    public static Filing filing(
            Complaint complaint,
            EncryptionKey oversightKey,
            String policyVersion,
            String component,
            SecureRandom random) {
        SealContext context = new SealContext(
                Topics.COMPLAINTS,
                complaint.receipt(),
                FROM_THE_PUBLIC,
                MESSAGE_TYPE,
                oversightKey.owner(),
                oversightKey.keyId());
        byte[] sealed = Seal.sealInline(context, complaint.toJson(), oversightKey, random)
                .encode();
        byte[] status = new StatusEntry(complaint.receipt(), ComplaintStatus.RECEIVED, complaint.receivedAt()).toJson();
        AuditRecord audit = AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(complaint.receivedAt())
                .setDecision(AuditDecision.COMPLAINT_RECEIVED)
                .setMessageId(complaint.receipt())
                .setMessageType(MESSAGE_TYPE)
                .setRecipient(oversightKey.owner())
                .setPolicyVersion(policyVersion)
                .setRuleIds(List.of())
                .setReasonCode(complaint.category())
                .setDeliveredDigest(ByteBuffer.wrap(Digests.sha256(sealed)))
                .setDeliveredTopic(Topics.COMPLAINTS)
                .setReleasingComponent(component)
                .setMethod(METHOD)
                .build();
        return new Filing(complaint.receipt(), sealed, status, audit);
    }

    /** The {@code messageType} of a referral's sealed context. */
    public static final String REFERRAL_TYPE = "ComplaintReferral";

    /**
     * What oversight refers to the agency a complaint concerns: the {@link AgencyView} as JSON, sealed to
     * that agency's key on its referral topic under a fresh referral id, so the topic carries no receipt;
     * the referral's audit record (recipient: the agency) names the receipt and accounts for it.
     */
    public record Referral(String agency, String referralId, byte[] sealed) {}

    public static Referral referral(
            Map<String, String> view, String oversight, EncryptionKey agencyKey, SecureRandom random) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String referralId = "R-" + Digests.hex(id);
        SealContext context = new SealContext(
                Topics.referrals(agencyKey.owner()),
                referralId,
                oversight,
                REFERRAL_TYPE,
                agencyKey.owner(),
                agencyKey.keyId());
        byte[] plaintext;
        try {
            plaintext = JSON.writeValueAsBytes(view);
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
        return new Referral(
                agencyKey.owner(),
                referralId,
                Seal.sealInline(context, plaintext, agencyKey, random).encode());
    }

    /** The audit record of a status change by oversight ({@code reasonCode}: the new status). */
    public static AuditRecord statusChanged(
            String receipt,
            ComplaintStatus status,
            String oversight,
            String policyVersion,
            String component,
            Instant at) {
        return AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(at)
                .setDecision(AuditDecision.COMPLAINT_STATUS_CHANGED)
                .setMessageId(receipt)
                .setMessageType(MESSAGE_TYPE)
                .setSender(oversight)
                .setPolicyVersion(policyVersion)
                .setRuleIds(List.of())
                .setReasonCode(status.key())
                .setReleasingComponent(component)
                .setMethod("oversight-cli")
                .build();
    }
}
