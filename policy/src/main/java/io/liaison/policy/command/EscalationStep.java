package io.liaison.policy.command;

import java.time.Duration;

/**
 * One step of an escalation path: when the previous deadline passes unanswered (or the directive is
 * declined), {@code authority} is told and has {@code within} to answer before the next step.
 */
public record EscalationStep(RoleRef authority, Duration within) {
    public EscalationStep {
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("within must be positive, was " + within);
        }
    }
}
