package io.liaison.policy;

import java.util.Objects;

/**
 * One dissemination rule of the MOU.
 *
 * @param id          stable id, named in every decision, attestation and audit record
 * @param description why the rule exists, in the MOU's words
 * @param effect      allow or deny; a matching deny overrides every allow for the same recipient and purpose
 * @param match       when the rule applies
 * @param profile     for allow rules the redaction profile to apply; null for deny rules
 */
public record Rule(String id, String description, Effect effect, RuleMatch match, String profile) {
    public enum Effect {
        ALLOW,
        DENY
    }

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(match, "match");
        if ((effect == Effect.ALLOW) != (profile != null)) {
            throw new IllegalArgumentException("rule " + id + ": allow rules need a profile, deny rules take none");
        }
    }
}
