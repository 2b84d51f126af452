package io.liaison.policy;

import java.util.Map;
import java.util.Set;

/**
 * The conditions of a dissemination rule. Each empty set means "any"; every non-empty condition must
 * hold. Caveat conditions are about the envelope's set: all of {@code withCaveats} present, none of
 * {@code withoutCaveats} present.
 */
public record RuleMatch(
        Set<String> messageTypes,
        Set<String> senders,
        Set<String> recipients,
        Set<String> classifications,
        Set<String> withCaveats,
        Set<String> withoutCaveats,
        Set<String> purposes,
        Map<String, Set<String>> attributes) {
    public RuleMatch {
        messageTypes = Set.copyOf(messageTypes);
        senders = Set.copyOf(senders);
        recipients = Set.copyOf(recipients);
        classifications = Set.copyOf(classifications);
        withCaveats = Set.copyOf(withCaveats);
        withoutCaveats = Set.copyOf(withoutCaveats);
        purposes = Set.copyOf(purposes);
        attributes = Map.copyOf(attributes);
    }

    public boolean matches(MessageFacts facts, String recipient, String purpose) {
        return anyOrContains(messageTypes, facts.messageType())
                && anyOrContains(senders, facts.sender())
                && anyOrContains(recipients, recipient)
                && anyOrContains(classifications, facts.classification())
                && facts.caveats().containsAll(withCaveats)
                && withoutCaveats.stream().noneMatch(facts.caveats()::contains)
                && anyOrContains(purposes, purpose)
                && attributes.entrySet().stream()
                        .allMatch(
                                en -> en.getValue().contains(facts.attributes().get(en.getKey())));
    }

    private static boolean anyOrContains(Set<String> allowed, String value) {
        return allowed.isEmpty() || allowed.contains(value);
    }
}
