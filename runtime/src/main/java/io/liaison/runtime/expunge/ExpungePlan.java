package io.liaison.runtime.expunge;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.seal.SealFormatException;
import io.liaison.kernel.seal.SealedRecord;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What expunging one message means, worked out from what the audit log and the topics hold, with
 * no I/O (the {@link Expunger} reads and writes). A message is named by its sender and id: ids are
 * unique per sender only, and every stored copy names its sender in its sealed clear context.
 */
public final class ExpungePlan {
    /** Court and case references are short printable text; the audit record carries it verbatim. */
    private static final String ORDER_REF = "[\\p{Alnum}][\\p{Alnum} ._:/#()-]{0,127}";

    private ExpungePlan() {}

    /**
     * A sealed record that may be a copy of the message: an inbox value, or a quarantine record's
     * {@code sealedOriginal} (then {@code topic} is {@value Topics#QUARANTINE}).
     */
    public record Candidate(String topic, int partition, long offset, byte[] sealed) {}

    /** A data key to destroy: its reference in its key topic, and the stored copy it opens. */
    public record Key(String keyTopic, String keyRef, String copyTopic, int copyPartition, long copyOffset) {}

    /** Where the message arrived: sealed to the backbone with its data key inline, so no key of it can be destroyed. */
    public record IngressOriginal(String topic, int partition, long offset) {}

    /** What to do. */
    public sealed interface Decision {
        /** Neither the log nor any topic knows the message. */
        record Unknown(String sentence) implements Decision {}

        /** An EXPUNGED record for the message is already in the log: nothing more is written. */
        record AlreadyExpunged(AuditRecord earlier) implements Decision {}

        /**
         * Destroy these keys and append one EXPUNGED record.
         *
         * @param keys        one per stored sealed copy found
         * @param ingress     the ingress records the log names as the message's sources
         * @param messageType as the log names it, or null
         */
        record Destroy(List<Key> keys, List<IngressOriginal> ingress, String messageType) implements Decision {
            public Destroy {
                keys = List.copyOf(keys);
                ingress = List.copyOf(ingress);
            }
        }
    }

    /** {@code order} if it is a usable order reference, else an exception naming the rule. */
    public static String requireOrderRef(String order) {
        if (order == null || !order.matches(ORDER_REF)) {
            throw new IllegalArgumentException(
                    "an order reference is 1 to 128 letters, digits, spaces and . _ : / # ( ) -, starting with a letter or digit, was '"
                            + order + "'");
        }
        return order;
    }

    /**
     * @param log        every audit record, in log order
     * @param candidates the records stored under the message id on inbox and quarantine topics
     */
    public static Decision decide(String sender, String messageId, List<AuditRecord> log, List<Candidate> candidates) {
        List<AuditRecord> ofMessage = log.stream()
                .filter(r -> sender.equals(r.getSender()) && messageId.equals(r.getMessageId()))
                .toList();
        Optional<AuditRecord> earlier = ofMessage.stream()
                .filter(r -> r.getDecision() == AuditDecision.EXPUNGED)
                .findFirst();
        if (earlier.isPresent()) {
            return new Decision.AlreadyExpunged(earlier.get());
        }
        List<Key> keys = new ArrayList<>();
        for (Candidate c : candidates) {
            keyOf(sender, messageId, c).ifPresent(keys::add);
        }
        if (ofMessage.isEmpty() && keys.isEmpty()) {
            return new Decision.Unknown("no message " + messageId + " from " + sender
                    + " in the audit log, on an inbox or in the quarantine");
        }
        Set<IngressOriginal> ingress = new LinkedHashSet<>();
        ofMessage.stream()
                .filter(r ->
                        r.getSourceTopic() != null && r.getSourcePartition() != null && r.getSourceOffset() != null)
                .forEach(r -> ingress.add(
                        new IngressOriginal(r.getSourceTopic(), r.getSourcePartition(), r.getSourceOffset())));
        String type = ofMessage.stream()
                .map(AuditRecord::getMessageType)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        return new Decision.Destroy(keys, List.copyOf(ingress), type);
    }

    /**
     * The EXPUNGED record: who sent the message and which order required it; no recipient or
     * purpose (it releases nothing), and nothing of the keys, which the auditor cannot read anyway.
     */
    public static AuditRecord record(
            String sender, String messageId, String messageType, String order, String component, Instant now) {
        return AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(now)
                .setDecision(AuditDecision.EXPUNGED)
                .setMessageId(messageId)
                .setMessageType(messageType)
                .setSender(sender)
                .setReasonCode(requireOrderRef(order))
                .setRuleIds(List.of())
                .setFieldActions(List.of())
                .setReleasingComponent(component)
                .setMethod(Expunger.METHOD)
                .build();
    }

    /** The key that opens {@code c}, if it is a sealed copy of this message with a referenced data key. */
    private static Optional<Key> keyOf(String sender, String messageId, Candidate c) {
        if (!SealedRecord.isSealed(c.sealed())) {
            return Optional.empty();
        }
        SealedRecord record;
        try {
            record = SealedRecord.decode(c.sealed());
        } catch (SealFormatException e) {
            return Optional.empty(); // opens for no one already
        }
        if (!record.context().messageId().equals(messageId)
                || !record.context().sender().equals(sender)
                || !(record.placement() instanceof SealedRecord.KeyPlacement.Referenced referenced)) {
            return Optional.empty();
        }
        String keyTopic = c.topic().equals(Topics.QUARANTINE)
                ? Topics.QUARANTINE_KEYS
                : Topics.keys(record.context().recipient());
        return Optional.of(new Key(keyTopic, referenced.keyRef(), c.topic(), c.partition(), c.offset()));
    }
}
