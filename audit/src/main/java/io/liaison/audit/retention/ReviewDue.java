package io.liaison.audit.retention;

import io.liaison.policy.Policy;
import io.liaison.policy.RetentionTerm;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one agency must review or purge under the MOU's {@code retention:} terms, computed from the audit log.
 *
 * <p>A delivery to the agency is due when its message type's {@code reviewEvery} has passed since it was
 * delivered, or its {@code inbox} term has (then it must be purged unless reviewed and validated). A message
 * an {@code EXPUNGED} record covers by {@code asOf} is purged and no longer due. Reviews are not yet recorded
 * in the log, so a delivery stays due once its first review period has passed.
 */
public final class ReviewDue {
    private ReviewDue() {}

    /**
     * Due deliveries of one message type.
     *
     * @param messageType   the type
     * @param term          the policy's term for the agency and type
     * @param due           distinct messages whose review period or retention term has passed
     * @param pastRetention of those, the messages held longer than the type's {@code inbox} term
     * @param oldest        when the oldest due message was delivered
     */
    public record TypeDue(String messageType, RetentionTerm term, long due, long pastRetention, Instant oldest) {}

    /** Due deliveries to {@code agency} at {@code asOf}, one row per message type, sorted by type. */
    public static List<TypeDue> compute(Policy policy, String agency, Iterable<AuditRecord> records, Instant asOf) {
        Objects.requireNonNull(asOf, "asOf");
        Set<String> expunged = new HashSet<>();
        for (AuditRecord r : records) {
            if (r.getDecision() == AuditDecision.EXPUNGED
                    && r.getMessageId() != null
                    && !r.getEventTime().isAfter(asOf)) {
                expunged.add(r.getMessageId());
            }
        }
        Map<String, Acc> byType = new TreeMap<>();
        for (AuditRecord r : records) {
            if (r.getDecision() != AuditDecision.DELIVERED
                    || !agency.equals(r.getRecipient())
                    || r.getMessageType() == null
                    || r.getEventTime().isAfter(asOf)
                    || (r.getMessageId() != null && expunged.contains(r.getMessageId()))) {
                continue;
            }
            Optional<RetentionTerm> term = policy.retention(agency, r.getMessageType());
            if (term.isEmpty()) {
                continue;
            }
            boolean reviewDue = term.get().reviewDue(r.getEventTime(), asOf);
            boolean pastRetention = passed(r.getEventTime(), term.get().keep(), asOf);
            if (reviewDue || pastRetention) {
                String id = Objects.requireNonNullElse(r.getMessageId(), r.getRecordId());
                byType.computeIfAbsent(r.getMessageType(), t -> new Acc(term.get()))
                        .add(id, r.getEventTime(), pastRetention);
            }
        }
        List<TypeDue> out = new ArrayList<>();
        byType.forEach((type, acc) ->
                out.add(new TypeDue(type, acc.term, acc.ids.size(), acc.pastRetention.size(), acc.oldest)));
        return out;
    }

    private static boolean passed(Instant from, Period period, Instant asOf) {
        return !from.atOffset(ZoneOffset.UTC).plus(period).toInstant().isAfter(asOf);
    }

    private static final class Acc {
        final RetentionTerm term;
        final Set<String> ids = new HashSet<>();
        final Set<String> pastRetention = new HashSet<>();
        Instant oldest;

        Acc(RetentionTerm term) {
            this.term = term;
        }

        void add(String id, Instant deliveredAt, boolean past) {
            ids.add(id);
            if (past) {
                pastRetention.add(id);
            }
            if (oldest == null || deliveredAt.isBefore(oldest)) {
                oldest = deliveredAt;
            }
        }
    }
}
