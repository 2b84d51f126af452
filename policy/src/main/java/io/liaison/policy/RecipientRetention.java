package io.liaison.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code retention:} entry of one recipient agency: a default term for its inbox and per message type overrides.
 *
 * @param recipient the agency id
 * @param inbox     the term for message types without an override
 * @param byType    overrides per message type, already merged with {@code inbox} (a type may override only one key)
 */
public record RecipientRetention(String recipient, RetentionTerm inbox, Map<String, RetentionTerm> byType) {
    public RecipientRetention {
        byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
    }

    /** The term for {@code messageType}: its override, else the inbox default. */
    public RetentionTerm forType(String messageType) {
        return byType.getOrDefault(messageType, inbox);
    }

    /**
     * The longest keep over the default and every override, as a broker retention: Kafka keeps a topic's
     * records for one period, so the inbox topic keeps them for the longest and shorter per-type terms are
     * enforced by review and purge, not by the broker.
     */
    public Duration longestKeep() {
        Duration longest = inbox.keepAtLeast();
        for (RetentionTerm term : byType.values()) {
            if (term.keepAtLeast().compareTo(longest) > 0) {
                longest = term.keepAtLeast();
            }
        }
        return longest;
    }
}
