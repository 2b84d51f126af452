package io.liaison.policy.redaction;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * A recipient's copy of a payload.
 *
 * @param redacted      same schema and shape as the original (array and map sizes unchanged)
 * @param actionsByPath every leaf whose action is not KEEP, with the action applied (DROP, MASK,
 *                      PSEUDONYMIZE, GENERALIZE, REDACT_TEXT). It includes leaves whose value happened
 *                      not to change (a null dropped, a timestamp already on the hour), so the list
 *                      does not reveal whether a withheld field was present. Leaves not listed are
 *                      unchanged; size leaves are never listed.
 */
public record RedactionResult(GenericRecord redacted, Map<String, String> actionsByPath) {
    public RedactionResult {
        actionsByPath = Map.copyOf(actionsByPath);
    }
}
