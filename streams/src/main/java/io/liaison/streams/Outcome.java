package io.liaison.streams;

import io.liaison.policy.RecipientDecision;
import java.util.List;

/**
 * What became of one ingress record: every output it produced, in the order to write them. The
 * Streams processor writes them all in one exactly-once transaction, so deliveries and their audit
 * records commit together or not at all.
 */
public sealed interface Outcome {
    List<Output> outputs();

    /**
     * Verified and fanned out (possibly to nobody: then only denial audit records are written).
     *
     * @param sender      the verified sender agency
     * @param messageType the verified message type
     * @param decisions   the policy's decision for each recipient, which the metrics count by recipient and outcome
     */
    record Disseminated(
            String messageId,
            String sender,
            String messageType,
            List<Output> outputs,
            List<RecipientDecision> decisions)
            implements Outcome {}

    /** Rejected: a quarantine record with the original bytes, and its audit record. */
    record Quarantined(String reasonCode, List<Output> outputs) implements Outcome {}
}
