package io.liaison.policy;

/**
 * Deliver nothing.
 *
 * @param recipient agency id
 * @param ruleId    the deny rule that matched, or a built-in id: {@value PolicyEngine#DEFAULT_DENY},
 *                  {@value PolicyEngine#RELEASABILITY}, {@value PolicyEngine#PUBLISHER_AUTHORITY},
 *                  {@value PolicyEngine#UNKNOWN_SENDER}, {@value PolicyEngine#PURPOSE_NOT_DECLARED}
 * @param reason    one sentence for the audit record and for {@code policy explain}
 */
public record Deny(String recipient, String ruleId, String reason) implements RecipientDecision {}
