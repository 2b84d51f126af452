package io.liaison.policy.simulation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the backbone decided for one retained message under one policy: quarantined, or one
 * decision per recipient. Built from the audit records the backbone's own decision logic wrote,
 * so a simulation compares exactly what the backbone would do.
 *
 * @param messageId   the sender's message id, or a source position when the message had none
 * @param sender      the sending agency
 * @param messageType the payload type, empty when the input was refused before it was read
 * @param quarantine  the quarantine reason code, when the message was refused
 * @param copies      one decision per recipient (empty when quarantined)
 */
public record Decided(
        String messageId, String sender, String messageType, Optional<String> quarantine, List<Copy> copies) {
    public Decided {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(quarantine, "quarantine");
        copies = List.copyOf(copies);
    }

    /**
     * One recipient's decision.
     *
     * @param recipient    the recipient agency
     * @param delivered    whether a copy is delivered
     * @param purpose      the purpose it is delivered under, empty when withheld
     * @param ruleId       the rule that decided
     * @param fieldActions each field path that is not delivered as sent, with its action (as in the audit record)
     */
    public record Copy(
            String recipient, boolean delivered, String purpose, String ruleId, Map<String, String> fieldActions) {
        public Copy {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(ruleId, "ruleId");
            fieldActions = Map.copyOf(fieldActions);
        }
    }
}
