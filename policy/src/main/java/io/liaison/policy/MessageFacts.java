package io.liaison.policy;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the policy decides on: the envelope header, plus the few payload fields rules may name.
 *
 * @param sender         sending agency id
 * @param messageType    payload type, e.g. {@code IncidentReport}
 * @param classification the envelope's classification symbol, e.g. {@code LAW_ENFORCEMENT_SENSITIVE}
 * @param caveats        handling caveats on the envelope
 * @param releasability  agencies the sender allows; empty means the policy decides alone
 * @param attributes     top-level payload fields that rules match on (e.g. {@code kind -> CIVIL_ADMINISTRATIVE}
 *                       for a WarrantNotice); fill it with {@link PolicyEngine#attributes}. A rule that matches
 *                       on an attribute absent here does not match.
 */
public record MessageFacts(
        String sender,
        String messageType,
        String classification,
        Set<String> caveats,
        Set<String> releasability,
        Map<String, String> attributes) {
    public MessageFacts {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(classification, "classification");
        caveats = Set.copyOf(caveats);
        releasability = Set.copyOf(releasability);
        attributes = Map.copyOf(attributes);
    }

    /** Facts from the header alone; rules that match on payload attributes will not match. */
    public MessageFacts(
            String sender, String messageType, String classification, Set<String> caveats, Set<String> releasability) {
        this(sender, messageType, classification, caveats, releasability, Map.of());
    }

    public MessageFacts withAttributes(Map<String, String> newAttributes) {
        return new MessageFacts(sender, messageType, classification, caveats, releasability, newAttributes);
    }
}
