package io.liaison.systemtests.reliability;

import io.liaison.systemtests.reliability.OutputLog.Copy;
import io.liaison.systemtests.reliability.OutputLog.Decision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of a run, counted against what was accepted: for every accepted message and every
 * recipient the policy names, exactly one copy with the reference field actions (or none, for a
 * denied recipient) and exactly one audit record with the right decision. Pure: no Kafka.
 *
 * @param accepted            messages the publishers got a receipt for
 * @param expectedCopies      copies the policy calls for (sum over accepted messages of permitted recipients)
 * @param delivered           copies found in the inboxes, of accepted messages
 * @param duplicates          copies beyond the first for one (message, recipient)
 * @param missing             (message, permitted recipient) pairs with no copy
 * @param leaked              copies for a recipient the policy denies, or in an inbox other than the attested recipient's
 * @param redactionMismatches copies whose field actions differ from the reference
 * @param auditMissing        (message, recipient) decisions without an audit record
 * @param auditExtra          audit records beyond one per decision, or with the wrong decision
 * @param quarantined         accepted messages that were quarantined
 */
record Tally(
        long accepted,
        long expectedCopies,
        long delivered,
        long duplicates,
        long missing,
        long leaked,
        long redactionMismatches,
        long auditMissing,
        long auditExtra,
        long quarantined) {
    private static final String QUARANTINED = "QUARANTINED";

    static Tally count(
            Map<String, Template> accepted,
            Map<Template, Map<String, Optional<Map<String, String>>>> expected,
            Map<String, List<Copy>> copies,
            Map<String, List<Decision>> audit,
            Set<String> quarantinedIds) {
        long expectedCopies = 0;
        long delivered = 0;
        long duplicates = 0;
        long missing = 0;
        long leaked = 0;
        long redaction = 0;
        long auditMissing = 0;
        long auditExtra = 0;
        long quarantined = 0;
        for (Map.Entry<String, Template> message : accepted.entrySet()) {
            Map<String, Optional<Map<String, String>>> fanOut = expected.get(message.getValue());
            List<Copy> found = copies.getOrDefault(message.getKey(), List.of());
            // QUARANTINED records about this id concern other ingress records (a replayed copy); the
            // accepted record's own fate is counted through the quarantine topic, by its coordinates
            List<Decision> decisions = audit.getOrDefault(message.getKey(), List.of()).stream()
                    .filter(d -> !d.decision().equals(QUARANTINED))
                    .toList();
            delivered += found.size();
            for (Copy c : found) {
                if (!c.inboxOwner().equals(c.attestedRecipient())
                        || fanOut.getOrDefault(c.inboxOwner(), Optional.empty()).isEmpty()) {
                    leaked++;
                }
            }
            for (Map.Entry<String, Optional<Map<String, String>>> recipient : fanOut.entrySet()) {
                List<Copy> mine = found.stream()
                        .filter(c -> c.inboxOwner().equals(recipient.getKey()))
                        .toList();
                if (recipient.getValue().isPresent()) {
                    expectedCopies++;
                    if (mine.isEmpty()) {
                        missing++;
                    }
                    duplicates += Math.max(0, mine.size() - 1);
                    redaction += mine.stream()
                            .filter(c ->
                                    !c.actions().equals(recipient.getValue().get()))
                            .count();
                }
                String decision = recipient.getValue().isPresent() ? "DELIVERED" : "DENIED";
                long right = decisions.stream()
                        .filter(d -> recipient.getKey().equals(d.recipient())
                                && d.decision().equals(decision))
                        .count();
                if (right == 0) {
                    auditMissing++;
                }
                auditExtra += Math.max(0, right - 1);
            }
            long aboutOthers = decisions.stream()
                    .filter(d -> !fanOut.containsKey(d.recipient())
                            || !d.decision().equals(fanOut.get(d.recipient()).isPresent() ? "DELIVERED" : "DENIED"))
                    .count();
            auditExtra += aboutOthers;
            if (quarantinedIds.contains(message.getKey())) {
                quarantined++;
            }
        }
        return new Tally(
                accepted.size(),
                expectedCopies,
                delivered,
                duplicates,
                missing,
                leaked,
                redaction,
                auditMissing,
                auditExtra,
                quarantined);
    }

    /** Every expected copy and audit record is there (there may still be too many). */
    boolean complete() {
        return missing == 0 && auditMissing == 0;
    }

    /** Complete, and nothing more: no duplicate, leak, wrong redaction, extra audit record or quarantine. */
    boolean exact() {
        return complete()
                && duplicates == 0
                && leaked == 0
                && redactionMismatches == 0
                && auditExtra == 0
                && quarantined == 0;
    }

    String summary() {
        return "accepted " + accepted + ", expected copies " + expectedCopies + ", delivered " + delivered
                + ", duplicates " + duplicates + ", missing " + missing + ", leaked " + leaked
                + ", redaction mismatches " + redactionMismatches + ", audit missing " + auditMissing
                + ", audit extra " + auditExtra + ", quarantined " + quarantined;
    }
}
