package io.liaison.streams;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.envelope.Attestations;
import io.liaison.kernel.envelope.EnvelopeSigner;
import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.envelope.SenderInput;
import io.liaison.kernel.envelope.SenderVerifier;
import io.liaison.kernel.envelope.Verdict;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.policy.Deliver;
import io.liaison.policy.Deny;
import io.liaison.policy.MessageFacts;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyEngine;
import io.liaison.policy.RecipientDecision;
import io.liaison.policy.command.CommandAuthority;
import io.liaison.policy.command.RoleRef;
import io.liaison.policy.redaction.RedactionResult;
import io.liaison.policy.redaction.Redactor;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.RegistryException;
import io.liaison.registry.WireFormatException;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.PinnedContracts;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditFieldAction;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.command.CommandEvent;
import io.liaison.schemas.common.CommandRoleRef;
import io.liaison.schemas.common.EscalationHop;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import io.liaison.schemas.envelope.SenderSignature;
import io.liaison.schemas.payload.Escalation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The backbone's decision logic for one ingress record, free of Kafka Streams: verify, dedupe,
 * decide per recipient, redact, attest, and describe every record to write. The topology around it
 * only moves bytes ({@link LiaisonTopology}).
 *
 * <p>Replays: the replay store is per partition (per Streams task) and keyed by sender and message
 * id ({@link ReplayGuard#key}), so a record is accepted only when its key is its message id and it
 * sits on the partition that key selects; a copy of a message can then only meet the store that
 * remembers it, and one agency's ids never collide with another's.
 *
 * <p>Order of checks: structure, topic ownership, routing and clock skew first (cheap), then the signature,
 * then the payload against the sender's commitments, then publisher authority, and only then the
 * replay check, so that forged or broken messages can never fill the dedupe store.
 *
 * <p>The payload is read into the pinned contract compiled into this build, and only from an
 * approved writer schema ({@link PinnedContracts}): the sensitivity tags that drive redaction never
 * come from the registry, whose schema ids nobody signs.
 */
public final class Backbone {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private final TrustStore trust;
    private final SenderVerifier senderVerifier;
    private final Supplier<Policy> policy;
    private final Redactor redactor;
    private final SigningIdentity attestationKey;
    private final AvroCodec codec;
    private final Clock clock;
    private final BackboneSettings settings;

    public Backbone(
            TrustStore trust,
            Supplier<Policy> policy,
            Redactor redactor,
            SigningIdentity attestationKey,
            AvroCodec codec,
            Clock clock,
            BackboneSettings settings) {
        this.trust = trust;
        this.senderVerifier = new SenderVerifier(trust);
        this.policy = policy;
        this.redactor = redactor;
        this.attestationKey = attestationKey;
        this.codec = codec;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * The outcome of one ingress record. Throws only when the record must not be processed at all:
     * {@link TransientFailure} when infrastructure is down, {@link PartitionCountChanged} when the
     * record sits on a partition the pinned count does not have (its topic grew).
     */
    public Outcome process(IngressRecord in, ReplayGuard replay) {
        if (in.partition() >= settings.ingressPartitions()) {
            throw PartitionCountChanged.of(
                    in.topic() + " has a record on partition " + in.partition(), settings.ingressPartitions());
        }
        Instant now = clock.instant();
        if (in.value() == null || in.value().length == 0) {
            return quarantine(in, null, now, RejectionReason.MALFORMED_ENVELOPE, "the record has no value");
        }
        if (in.value().length > settings.maxMessageBytes()) {
            return quarantine(
                    in,
                    null,
                    now,
                    RejectionReason.TOO_LARGE,
                    in.value().length + " bytes exceeds the limit of " + settings.maxMessageBytes());
        }
        Envelope envelope;
        try {
            envelope = codec.decodeSpecific(in.value(), Envelope.class);
        } catch (WireFormatException | RegistryException.NotFound | ClassCastException e) {
            return quarantine(in, null, now, RejectionReason.MALFORMED_ENVELOPE, e.getMessage());
        } catch (RegistryException e) {
            throw new TransientFailure("cannot decode envelope from " + in.topic() + ": " + e.getMessage(), e);
        }
        return verifyAndDisseminate(in, envelope, now, replay);
    }

    /**
     * Quarantines an ingress record the topology refused before it reached {@link #process}: one
     * not sealed to the backbone, or whose seal does not open ({@link EdgeSealing}).
     */
    public Outcome refuse(IngressRecord in, RejectionReason reason, String detail) {
        return quarantine(in, null, clock.instant(), reason, detail);
    }

    private Outcome verifyAndDisseminate(IngressRecord in, Envelope envelope, Instant now, ReplayGuard replay) {
        String messageId = envelope.getMessageId();
        String owner = Topics.ingressOwner(in.topic());
        if (!envelope.getSenderAgency().equals(owner)) {
            return quarantine(
                    in,
                    messageId,
                    now,
                    RejectionReason.SENDER_TOPIC_MISMATCH,
                    "sender " + envelope.getSenderAgency() + " published on " + in.topic());
        }
        byte[] expectedKey = messageId.getBytes(StandardCharsets.UTF_8);
        if (in.key() == null
                || !Arrays.equals(in.key(), expectedKey)
                || in.partition() != KeyPartitions.forKey(expectedKey, settings.ingressPartitions())) {
            return quarantine(
                    in,
                    messageId,
                    now,
                    RejectionReason.MISROUTED,
                    "message " + messageId + " arrived on "
                            + in.topic() + "-" + in.partition() + " with key "
                            + (in.key() == null ? "null" : new String(in.key(), StandardCharsets.UTF_8)));
        }
        Duration skew = Duration.between(now, envelope.getCreatedAt()).abs();
        if (skew.compareTo(settings.maxClockSkew()) > 0) {
            return quarantine(
                    in,
                    messageId,
                    now,
                    RejectionReason.CLOCK_SKEW,
                    "created-at " + envelope.getCreatedAt() + " is " + skew + " from the backbone's clock " + now
                            + "; the bound is " + settings.maxClockSkew());
        }
        if (envelope.getAttestation() != null) {
            return quarantine(
                    in,
                    messageId,
                    now,
                    RejectionReason.ATTESTATION_INVALID,
                    "an ingress message must not carry a backbone attestation");
        }
        SenderInput signed = SenderInput.of(envelope);
        Verdict sender = senderVerifier.verify(signed, now);
        if (sender instanceof Verdict.Rejected r) {
            return quarantine(in, messageId, now, r.reason(), r.detail());
        }
        Optional<Schema> expected = LiaisonSchemas.payloadSchema(envelope.getMessageType());
        if (expected.isEmpty()) {
            return quarantine(
                    in,
                    messageId,
                    now,
                    RejectionReason.UNKNOWN_MESSAGE_TYPE,
                    "message type " + envelope.getMessageType() + " is not one of " + LiaisonSchemas.messageTypes());
        }
        byte[] payloadBytes = FieldCommitments.bytes(envelope.getPayload());
        GenericRecord payload;
        try {
            Schema writer = codec.writerSchema(payloadBytes);
            if (!writer.getFullName().equals(expected.get().getFullName())) {
                return quarantine(
                        in,
                        messageId,
                        now,
                        RejectionReason.TYPE_MISMATCH,
                        "declared " + envelope.getMessageType() + " but the payload is a " + writer.getFullName());
            }
            // The schema id is not signed and the registry takes BACKWARD-compatible relabels: the tags
            // that drive redaction must come from the pinned contract, so the payload is read into it.
            PinnedContracts.Approval approval = PinnedContracts.approve(envelope.getMessageType(), writer);
            if (approval instanceof PinnedContracts.Approval.NotApproved refused) {
                return quarantine(in, messageId, now, RejectionReason.SCHEMA_NOT_APPROVED, refused.detail());
            }
            payload = codec.decodeGeneric(payloadBytes, ((PinnedContracts.Approval.Approved) approval).reader());
        } catch (WireFormatException | RegistryException.NotFound e) {
            return quarantine(in, messageId, now, RejectionReason.MALFORMED_PAYLOAD, e.getMessage());
        } catch (RegistryException e) {
            throw new TransientFailure("cannot decode payload of " + messageId + ": " + e.getMessage(), e);
        }
        Verdict commitments = FieldCommitments.verify(payload, envelope.getCommitments(), Set.of());
        if (commitments instanceof Verdict.Rejected r) {
            return quarantine(in, messageId, now, r.reason(), r.detail());
        }
        Policy current = policy.get();
        if (!current.mayIssue(envelope.getSenderAgency(), envelope.getMessageType())) {
            return quarantine(
                    in,
                    messageId,
                    now,
                    RejectionReason.NOT_AUTHORIZED_TYPE,
                    "policy " + current.version() + " does not let " + envelope.getSenderAgency() + " issue "
                            + envelope.getMessageType());
        }
        Optional<CommandAuthority.Refusal> command = CommandAuthority.check(
                current.command(), envelope.getSenderAgency(), envelope.getMessageType(), payload);
        if (command.isPresent()) {
            return quarantine(
                    in,
                    messageId,
                    now,
                    command.get().reason(),
                    "policy " + current.version() + ": " + command.get().detail());
        }
        String replayKey = ReplayGuard.key(envelope.getSenderAgency(), messageId);
        if (replay.seen(replayKey)) {
            return quarantine(
                    in,
                    messageId,
                    now,
                    RejectionReason.REPLAY,
                    "message id " + messageId + " from " + envelope.getSenderAgency()
                            + " was accepted before, within the " + settings.replayWindow() + " window");
        }
        replay.remember(replayKey, now);
        return disseminate(in, signed, payload, current, now);
    }

    private Outcome disseminate(
            IngressRecord in, SenderInput signed, GenericRecord payload, Policy current, Instant now) {
        Envelope envelope = signed.envelope();
        MessageFacts facts = new MessageFacts(
                envelope.getSenderAgency(),
                envelope.getMessageType(),
                envelope.getClassification().name(),
                new HashSet<>(envelope.getCaveats()),
                new HashSet<>(envelope.getReleasability()),
                PolicyEngine.attributes(current, payload));
        byte[] originalDigest = signed.originalDigest();
        List<RecipientDecision> decisions = PolicyEngine.decide(current, facts);
        // Redact every granted copy first, then attest them all under one signature (Attestations.attestAll).
        List<Attestations.Copy> copies = new ArrayList<>();
        List<RedactionResult> redactions = new ArrayList<>();
        Redactor.Prepared prepared = Redactor.prepare(payload);
        for (int slot = 0; slot < decisions.size(); slot++) {
            if (decisions.get(slot) instanceof Deliver deliver) {
                RedactionResult redaction = redactor.redact(current, deliver, prepared);
                byte[] delivered = encode(payload.getSchema().getFullName(), redaction.redacted());
                copies.add(new Attestations.Copy(
                        slot,
                        delivered,
                        new Attestations.Delivery(
                                deliver.recipient(),
                                deliver.purpose(),
                                current.version(),
                                List.of(deliver.ruleId()),
                                redaction.actionsByPath())));
                redactions.add(redaction);
            }
        }
        List<Envelope> attested = copies.isEmpty()
                ? List.of()
                : Attestations.attestAll(attestationKey, envelope, originalDigest, copies, decisions.size(), now);
        List<Output> outputs = new ArrayList<>();
        List<Output> audits = new ArrayList<>();
        int copyIndex = 0;
        for (RecipientDecision decision : decisions) {
            AuditRecord.Builder audit = auditBase(in, envelope, now, originalDigest)
                    .setRecipient(decision.recipient())
                    .setPolicyVersion(current.version())
                    .setRuleIds(List.of(decision.ruleId()));
            if (decision instanceof Deliver deliver) {
                String inbox = Topics.inbox(deliver.recipient());
                byte[] copyBytes = encode(inbox + "-value", attested.get(copyIndex));
                outputs.add(new Output(inbox, envelope.getMessageId(), copyBytes));
                audit.setDecision(AuditDecision.DELIVERED)
                        .setPurpose(deliver.purpose())
                        .setFieldActions(fieldActions(redactions.get(copyIndex).actionsByPath()))
                        .setDeliveredDigest(ByteBuffer.wrap(Digests.sha256(copyBytes)))
                        .setDeliveredTopic(inbox);
                copyIndex++;
            } else {
                Deny deny = (Deny) decision;
                audit.setDecision(AuditDecision.DENIED).setReasonCode(deny.reason());
            }
            audits.add(new Output(Topics.AUDIT, null, encode(Topics.AUDIT + "-value", audit.build())));
        }
        outputs.addAll(audits);
        commandEvent(envelope, payload, current, now)
                .ifPresent(event -> outputs.add(
                        new Output(Topics.COMMAND, event.getDirectiveId(), encode(Topics.COMMAND + "-value", event))));
        return new Outcome.Disseminated(
                envelope.getMessageId(), envelope.getSenderAgency(), envelope.getMessageType(), outputs, decisions);
    }

    /**
     * For an accepted Directive or Acknowledgement, the note the directive tracker reads
     * ({@link DirectiveTracking}), keyed by directive id so both meet in one task. Written in the same
     * transaction as the deliveries, so a directive is tracked if and only if it was accepted.
     */
    private static Optional<CommandEvent> commandEvent(
            Envelope envelope, GenericRecord payload, Policy current, Instant now) {
        String type = envelope.getMessageType();
        boolean directive = CommandAuthority.DIRECTIVE.equals(type);
        if (!directive && !CommandAuthority.ACKNOWLEDGEMENT.equals(type)) {
            return Optional.empty();
        }
        CommandEvent.Builder event = CommandEvent.newBuilder()
                .setDirectiveId(String.valueOf(payload.get("directiveId")))
                .setMessageId(envelope.getMessageId())
                .setSender(envelope.getSenderAgency())
                .setPolicyVersion(current.version())
                .setAcceptedAt(now);
        if (directive) {
            event.setPurpose(current.command().purpose())
                    .setRole(roleRef(payload.get("issuer")))
                    .setKind(String.valueOf(payload.get("kind")))
                    .setAddressees(((List<?>) payload.get("addressees"))
                            .stream().map(Backbone::roleRef).toList())
                    .setPath(current.command().escalation(String.valueOf(payload.get("kind"))).stream()
                            .map(step -> new EscalationHop(
                                    new CommandRoleRef(
                                            step.authority().agency(),
                                            step.authority().role()),
                                    step.within().toMillis()))
                            .toList())
                    .setDeadline(instant(payload.get("deadline")));
        } else {
            event.setRole(roleRef(payload.get("responder"))).setResponse(String.valueOf(payload.get("response")));
        }
        return Optional.of(event.build());
    }

    private static Instant instant(Object timestampMillis) {
        return timestampMillis instanceof Instant i ? i : Instant.ofEpochMilli((Long) timestampMillis);
    }

    private static CommandRoleRef roleRef(Object generic) {
        RoleRef ref = CommandAuthority.role(generic).orElseThrow(); // checked by CommandAuthority before
        return new CommandRoleRef(ref.agency(), ref.role());
    }

    private Outcome quarantine(IngressRecord in, String messageId, Instant now, RejectionReason reason, String detail) {
        String sentence = reason.description() + ": " + detail;
        QuarantineRecord q = QuarantineRecord.newBuilder()
                .setReasonCode(reason.name())
                .setReason(sentence)
                .setSourceTopic(in.topic())
                .setSourcePartition(in.partition())
                .setSourceOffset(in.offset())
                .setMessageId(messageId)
                .setQuarantinedAt(now)
                .setOriginalKey(in.key() == null ? null : ByteBuffer.wrap(in.key()))
                .setOriginalValue(in.value() == null ? null : ByteBuffer.wrap(in.value()))
                .build();
        AuditRecord audit = auditBase(in, null, now, null)
                .setMessageId(messageId)
                .setSender(Topics.ingressOwner(in.topic()))
                .setDecision(AuditDecision.QUARANTINED)
                .setReasonCode(reason.name())
                .build();
        String key = messageId != null ? messageId : in.topic() + "-" + in.partition() + "-" + in.offset();
        return new Outcome.Quarantined(
                reason.name(),
                List.of(
                        new Output(Topics.QUARANTINE, key, encode(Topics.QUARANTINE + "-value", q)),
                        new Output(Topics.AUDIT, null, encode(Topics.AUDIT + "-value", audit))));
    }

    private AuditRecord.Builder auditBase(IngressRecord in, Envelope envelope, Instant now, byte[] originalDigest) {
        AuditRecord.Builder b = AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(now)
                .setSourceTopic(in.topic())
                .setSourcePartition(in.partition())
                .setSourceOffset(in.offset())
                .setReleasingComponent(settings.component())
                .setMethod("kafka-inbox");
        if (envelope != null) {
            b.setMessageId(envelope.getMessageId())
                    .setMessageType(envelope.getMessageType())
                    .setClassification(envelope.getClassification().name())
                    .setSender(envelope.getSenderAgency())
                    .setOriginalDigest(ByteBuffer.wrap(originalDigest));
        }
        return b;
    }

    private static List<AuditFieldAction> fieldActions(Map<String, String> actionsByPath) {
        return actionsByPath.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new AuditFieldAction(e.getKey(), e.getValue()))
                .toList();
    }

    private byte[] encode(String subject, org.apache.avro.generic.GenericContainer value) {
        try {
            return codec.encode(subject, value);
        } catch (RegistryException e) {
            throw new TransientFailure("cannot encode " + subject + ": " + e.getMessage(), e);
        }
    }

    /**
     * An escalation as a message the backbone issues itself: an envelope from
     * {@value SenderVerifier#BACKBONE_ISSUER}, committed and signed with the attestation key, then
     * attested to the authority's agency like any copy (nothing withheld), ready for
     * {@link EdgeSealing#sealIssued}.
     */
    Output issue(Escalation escalation, String purpose, String policyVersion, Instant now) {
        String recipient = escalation.getNotify().getAgency();
        byte[] payloadBytes = encode(Escalation.getClassSchema().getFullName(), escalation);
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        Envelope unsigned = Envelope.newBuilder()
                .setMessageId(DirectiveTracking.escalationMessageId(escalation.getDirectiveId(), escalation.getStep()))
                .setSenderAgency(SenderVerifier.BACKBONE_ISSUER)
                .setKeyId(attestationKey.keyId())
                .setCreatedAt(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .setMessageType(LiaisonSchemas.ESCALATION)
                .setClassification(Classification.LAW_ENFORCEMENT_SENSITIVE)
                .setCaveats(List.of())
                .setReleasability(List.of(recipient))
                .setPayload(ByteBuffer.wrap(payloadBytes))
                .setCommitments(FieldCommitments.commit(escalation, seed))
                .setSignature(new SenderSignature(Ed25519.ALGORITHM, ByteBuffer.allocate(0), null))
                .setAttestation(null)
                .build();
        Envelope signed = new EnvelopeSigner(attestationKey).sign(unsigned);
        Envelope copy = Attestations.attest(
                attestationKey,
                signed,
                payloadBytes,
                new Attestations.Delivery(
                        recipient, purpose, policyVersion, List.of(commandRule(escalation.getKind())), Map.of()),
                now);
        String inbox = Topics.inbox(recipient);
        return new Output(inbox, copy.getMessageId(), encode(inbox + "-value", copy));
    }

    /** A command event as the backbone wrote it to {@link Topics#COMMAND}; only the backbone writes there (ACL). */
    CommandEvent decodeCommandEvent(byte[] value) {
        try {
            return codec.decodeSpecific(value, CommandEvent.class);
        } catch (WireFormatException | RegistryException.NotFound e) {
            throw new IllegalStateException(
                    "the command topic holds a record the backbone did not write: " + e.getMessage(), e);
        } catch (RegistryException e) {
            throw new TransientFailure("cannot decode a command event: " + e.getMessage(), e);
        }
    }

    /** The policy key that governs a directive kind; the rule id of its audit records. */
    static String commandRule(String kind) {
        return "command.directives." + kind;
    }

    /**
     * The DELIVERED record of an escalation copy, as every inbox copy has one: {@code audit replay}
     * accounts for the copy by it, and checks the copy's attestation names the same purpose and version.
     */
    Output escalationDelivered(Escalation escalation, Output copy, String purpose, String policyVersion, Instant now) {
        String recipient = escalation.getNotify().getAgency();
        AuditRecord record = AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(now)
                .setDecision(AuditDecision.DELIVERED)
                .setMessageId(copy.key())
                .setMessageType(LiaisonSchemas.ESCALATION)
                .setClassification(Classification.LAW_ENFORCEMENT_SENSITIVE.name())
                .setSender(SenderVerifier.BACKBONE_ISSUER)
                .setRecipient(recipient)
                .setPurpose(purpose)
                .setPolicyVersion(policyVersion)
                .setRuleIds(List.of(commandRule(escalation.getKind())))
                .setDeliveredDigest(ByteBuffer.wrap(Digests.sha256(copy.value())))
                .setDeliveredTopic(copy.topic())
                .setReleasingComponent(settings.component())
                .setMethod("kafka-inbox")
                .build();
        return new Output(Topics.AUDIT, null, encode(Topics.AUDIT + "-value", record));
    }

    /** The audit record of one step of the directive tracker. */
    Output commandAudit(DirectiveTracking.Effect.Audit a, Instant now, byte[] deliveredBytes, String purpose) {
        AuditRecord.Builder b = AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(now)
                .setDecision(a.decision())
                .setMessageId(a.messageId())
                .setMessageType(a.messageType())
                .setSender(a.issuerAgency())
                .setRecipient(a.counterpart())
                .setPolicyVersion(a.policyVersion())
                .setRuleIds(List.of(commandRule(a.kind())))
                .setReasonCode(a.reasonCode())
                .setReleasingComponent(settings.component())
                .setMethod("kafka-command");
        if (deliveredBytes != null) {
            b.setDeliveredDigest(ByteBuffer.wrap(Digests.sha256(deliveredBytes)))
                    .setDeliveredTopic(Topics.inbox(a.counterpart()))
                    .setPurpose(purpose);
        }
        return new Output(Topics.AUDIT, null, encode(Topics.AUDIT + "-value", b.build()));
    }

    /** The trust store this backbone verifies against (updated live from the trust topic). */
    public TrustStore trust() {
        return trust;
    }
}
