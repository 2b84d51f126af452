package io.liaison.kernel.envelope;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a delivered copy came from and what the backbone did to it, all of it verified.
 *
 * @param sender        originating agency (its signature verified over the sender's commitments)
 * @param messageType   payload type
 * @param createdAt     when the sender created it
 * @param purpose       purpose of use the copy was released for
 * @param policyVersion policy version that decided the release
 * @param ruleIds       rules that allowed it
 * @param changedFields withheld or transformed field paths and the action taken (attested by the backbone)
 * @param attestedAt    when the backbone says it released it (its own clock, at most the allowed lag before appendedAt)
 * @param appendedAt    when the broker appended it to the inbox: the instant at which both keys were judged
 */
public record Provenance(
        String sender,
        String messageType,
        Instant createdAt,
        String purpose,
        String policyVersion,
        List<String> ruleIds,
        Map<String, String> changedFields,
        Instant attestedAt,
        Instant appendedAt) {
    public Provenance {
        ruleIds = List.copyOf(ruleIds);
        changedFields = Map.copyOf(changedFields);
    }
}
