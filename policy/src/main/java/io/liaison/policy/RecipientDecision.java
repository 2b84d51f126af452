package io.liaison.policy;

/** The policy's answer for one recipient of one message. */
public sealed interface RecipientDecision permits Deliver, Deny {
    String recipient();

    /** The rule that decided, or one of the built-in ids such as {@code default-deny}. */
    String ruleId();
}
