package io.liaison.policy.redaction;

import io.liaison.policy.Action;
import java.util.Set;

/**
 * What redaction did to one leaf, and why; {@code policy explain} prints these.
 *
 * @param path      leaf path, e.g. {@code involvedPersons[1].dateOfBirth}
 * @param tags      effective sensitivity tags (own plus every enclosing field's)
 * @param requested the profile's action: the strictest over the tags
 * @param applied   what was done: {@code requested}, or stricter when the requested action cannot apply to
 *                  the field's type, or REDACT_TEXT when a kept text contains a value withheld elsewhere
 * @param forcedBy  the tag whose action won (named by the profile, or not, which means default deny)
 * @param namedByProfile false when {@code forcedBy} is absent from the profile, so DROP came from default deny
 * @param before    the original raw value
 * @param after     the delivered raw value
 * @param note      why {@code applied} differs from {@code requested}, or what REDACT_TEXT found; empty otherwise
 */
public record LeafOutcome(
        String path,
        Set<String> tags,
        Action requested,
        Action applied,
        String forcedBy,
        boolean namedByProfile,
        Object before,
        Object after,
        String note) {
    public LeafOutcome {
        tags = Set.copyOf(tags);
    }
}
