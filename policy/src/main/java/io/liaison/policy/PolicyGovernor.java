package io.liaison.policy;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.kernel.trust.TrustStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a candidate policy may replace the one in force. The quorum that counts is the
 * CURRENT policy's: a candidate cannot name its own approvers into power. An approval counts when
 * its approver is one of the current approvers, its key is a valid {@link KeyRole#AGENCY_SIGNING}
 * key owned by that agency at {@code now}, and its signature verifies over the candidate's version.
 */
public final class PolicyGovernor {
    private PolicyGovernor() {}

    /** The governor's answer. */
    public sealed interface Decision permits Accepted, Refused {}

    /** The candidate takes effect; {@code approvedBy} lists the agencies whose approvals counted. */
    public record Accepted(Policy policy, Set<String> approvedBy) implements Decision {
        public Accepted {
            approvedBy = Set.copyOf(approvedBy);
        }
    }

    /** The current policy stays; {@code reason} says why, naming every approval that did not count. */
    public record Refused(String reason) implements Decision {}

    public static Decision accept(Policy current, Policy candidate, List<PolicyApproval> approvals, TrustStore trust,
                                  Instant now) {
        if (candidate.version().equals(current.version())) {
            return new Refused("candidate " + candidate.version() + " is already the policy in force");
        }
        ApprovalQuorum quorum = current.approvals();
        Set<String> counted = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (PolicyApproval a : approvals) {
            String problem = problem(a, quorum, candidate, trust, now);
            if (problem == null) {
                counted.add(a.approver());
            } else {
                problems.add(a.approver() + " (key " + a.keyId() + "): " + problem);
            }
        }
        if (counted.size() >= quorum.required()) {
            return new Accepted(candidate, counted);
        }
        StringBuilder reason = new StringBuilder("policy ").append(candidate.version()).append(" needs ")
                .append(quorum.required()).append(" of ").append(new TreeSet<>(quorum.approvers()))
                .append(", has ").append(counted.size()).append(counted.isEmpty() ? "" : " " + counted);
        if (!problems.isEmpty()) {
            reason.append("; not counted: ").append(String.join("; ", problems));
        }
        return new Refused(reason.toString());
    }

    /** Why an approval does not count, or null if it does. */
    private static String problem(PolicyApproval a, ApprovalQuorum quorum, Policy candidate, TrustStore trust, Instant now) {
        if (!quorum.approvers().contains(a.approver())) {
            return "not an approver under the policy in force";
        }
        if (!a.version().equals(candidate.version())) {
            return "approves another version, " + a.version();
        }
        KeyStatus status = trust.status(a.keyId(), now);
        if (status instanceof KeyStatus.Revoked r) {
            return "key revoked at " + r.revokedAt() + " (" + r.reason() + ")";
        }
        if (status instanceof KeyStatus.OutsideValidity) {
            return "key not valid at " + now;
        }
        if (!(status instanceof KeyStatus.Valid valid)) {
            return "unknown key";
        }
        if (valid.key().role() != KeyRole.AGENCY_SIGNING || !valid.key().owner().equals(a.approver())) {
            return "key belongs to " + valid.key().owner() + " as " + valid.key().role() + ", not to " + a.approver()
                    + " as " + KeyRole.AGENCY_SIGNING;
        }
        if (!Ed25519.verify(valid.key().publicKey(), PolicyApproval.signingInput(candidate.version()), a.signature())) {
            return "signature does not verify";
        }
        return null;
    }
}
