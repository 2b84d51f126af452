package io.liaison.audit.replay;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.AuditRecords;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.kernel.envelope.Verdict;
import io.liaison.kernel.seal.SealContext;
import io.liaison.kernel.seal.SealFormatException;
import io.liaison.kernel.seal.SealedRecord;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditFieldAction;
import io.liaison.schemas.audit.AuditRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Reconstructs what one agency received from the dissemination log alone, then holds each
 * delivery against the agency's inbox: an audit record says DELIVERED with
 * {@code deliveredDigest = SHA-256(inbox value bytes)}, so every delivery must match exactly one
 * inbox record, and every inbox record in the window must be accounted for by a delivery.
 */
public final class Replay {
    private Replay() {}

    /** Whether a delivery recorded in the log was found, byte for byte, in the inbox. */
    public enum Status {
        /** An inbox record with exactly the recorded digest exists. */
        CONFIRMED,
        /** No inbox record has the recorded digest: lost, altered, or never written. */
        NOT_IN_INBOX,
        /** The audit record carries no delivered digest, so the copy cannot be matched. */
        NO_DIGEST,
        /**
         * An EXPUNGED record later in the log says the message's keys were destroyed on an order:
         * its copy no longer opens, by design, so it is neither matched nor a failure.
         */
        EXPUNGED
    }

    /**
     * One message the agency received.
     *
     * @param logIndex      leaf index of the audit record
     * @param record        the audit record (purpose, policy version, withheld fields ...)
     * @param status        whether the copy was found in the inbox
     * @param inboxCopy     the matching inbox record, when found
     * @param copyCheck     the re-verification of the copy, when one was requested and the copy found
     */
    public record Delivery(
            long logIndex,
            AuditRecord record,
            Status status,
            Optional<InboxCopy> inboxCopy,
            Optional<Verdict> copyCheck) {
        public List<AuditFieldAction> withheld() {
            return record.getFieldActions();
        }

        public boolean ok() {
            return status == Status.EXPUNGED
                    || status == Status.CONFIRMED
                            && copyCheck.map(Verdict::accepted).orElse(true);
        }
    }

    /**
     * @param deliveries  the deliveries in log order
     * @param unaccounted inbox records in the window that no DELIVERED audit record accounts for
     */
    public record Result(List<Delivery> deliveries, List<InboxCopy> unaccounted) {
        public Result {
            deliveries = List.copyOf(deliveries);
            unaccounted = List.copyOf(unaccounted);
        }

        public boolean ok() {
            return unaccounted.isEmpty() && deliveries.stream().allMatch(Delivery::ok);
        }
    }

    /**
     * @param agency        the recipient agency id
     * @param from          inclusive start of the window (event time), or null for the beginning
     * @param to            exclusive end of the window, or null for no end
     * @param log           the audit records in log order
     * @param writerSchemas writer schemas by id, from the export
     * @param inbox         the records of {@code inbox.<agency>}
     * @param check         re-verification of each found copy; empty to only match digests
     */
    public static Result replay(
            String agency,
            Instant from,
            Instant to,
            List<AuditEntry> log,
            Map<Integer, Schema> writerSchemas,
            List<InboxCopy> inbox,
            Optional<CopyCheck> check) {
        Map<String, Deque<InboxCopy>> inboxByDigest = new HashMap<>();
        for (InboxCopy copy : inbox) {
            inboxByDigest
                    .computeIfAbsent(Digests.hex(Digests.sha256(copy.value())), k -> new ArrayDeque<>())
                    .add(copy);
        }
        List<AuditRecord> records = log.stream()
                .map(entry -> AuditRecords.decode(entry.value(), writerSchemas))
                .toList();
        Set<String> expunged = records.stream()
                .filter(r -> r.getDecision() == AuditDecision.EXPUNGED)
                .map(Replay::senderAndMessage)
                .collect(Collectors.toSet());
        // an expunged delivery's copy is still stored, sealed, and no longer opens: one per delivery is no finding
        Map<String, Integer> excused = new HashMap<>();
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            AuditEntry entry = log.get(i);
            AuditRecord record = records.get(i);
            if (record.getDecision() != AuditDecision.DELIVERED || !agency.equals(record.getRecipient())) {
                continue;
            }
            if (expunged.contains(senderAndMessage(record))) {
                excused.merge(senderAndMessage(record), 1, Integer::sum);
                if (inWindow(record.getEventTime(), from, to)) {
                    deliveries.add(
                            new Delivery(entry.index(), record, Status.EXPUNGED, Optional.empty(), Optional.empty()));
                }
                continue;
            }
            ByteBuffer digest = record.getDeliveredDigest();
            // Deliveries outside the window still claim their inbox copy, so it is not reported as unaccounted.
            InboxCopy copy = digest == null
                    ? null
                    : inboxByDigest
                            .getOrDefault(Digests.hex(FieldCommitments.bytes(digest)), new ArrayDeque<>())
                            .pollFirst();
            if (!inWindow(record.getEventTime(), from, to)) {
                continue;
            }
            if (digest == null) {
                deliveries.add(
                        new Delivery(entry.index(), record, Status.NO_DIGEST, Optional.empty(), Optional.empty()));
                continue;
            }
            if (copy == null) {
                deliveries.add(
                        new Delivery(entry.index(), record, Status.NOT_IN_INBOX, Optional.empty(), Optional.empty()));
                continue;
            }
            Optional<Verdict> verdict = check.map(c -> c.check(copy, record));
            deliveries.add(new Delivery(entry.index(), record, Status.CONFIRMED, Optional.of(copy), verdict));
        }
        List<InboxCopy> unaccounted = inboxByDigest.values().stream()
                .flatMap(Deque::stream)
                .sorted(Comparator.comparingInt(InboxCopy::partition).thenComparingLong(InboxCopy::offset))
                .filter(c -> !expungedCopy(c, excused))
                .filter(c -> inWindow(c.appended().at(), from, to))
                .toList();
        return new Result(deliveries, unaccounted);
    }

    /**
     * Whether {@code copy} is the unopened copy of an expunged delivery, by its clear context. The
     * context is not authenticated without the key, so each expunged delivery excuses one copy only.
     */
    private static boolean expungedCopy(InboxCopy copy, Map<String, Integer> excused) {
        byte[] value = copy.value();
        if (!SealedRecord.isSealed(value)) {
            return false;
        }
        SealContext context;
        try {
            context = SealedRecord.decode(value).context();
        } catch (SealFormatException e) {
            return false;
        }
        String key = context.sender() + "\n" + context.messageId();
        Integer left = excused.get(key);
        if (left == null || left == 0) {
            return false;
        }
        excused.put(key, left - 1);
        return true;
    }

    /** Message ids are unique per sender only. */
    private static String senderAndMessage(AuditRecord r) {
        return r.getSender() + "\n" + r.getMessageId();
    }

    private static boolean inWindow(Instant t, Instant from, Instant to) {
        return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }
}
