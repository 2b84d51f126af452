package io.liaison.controlplane;

import java.time.Instant;

/** Whether a service may serve on the trust and policy it follows now. */
public sealed interface Readiness {
    /**
     * @param currentAsOf   everything on both topics before this instant has been applied
     * @param policyVersion the policy version in force
     */
    record Ready(Instant currentAsOf, String policyVersion) implements Readiness {}

    /** @param reason one sentence for {@code /ready} and for the 503 a refused request gets */
    record NotReady(String reason) implements Readiness {}
}
