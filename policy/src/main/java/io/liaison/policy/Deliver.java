package io.liaison.policy;

/**
 * Deliver a redacted copy.
 *
 * @param recipient agency id
 * @param purpose   the purpose of use the copy is delivered under (recorded in the attestation)
 * @param ruleId    the allow rule that matched
 * @param profile   the redaction profile to apply, see {@link Policy#profile}
 */
public record Deliver(String recipient, String purpose, String ruleId, String profile) implements RecipientDecision {}
