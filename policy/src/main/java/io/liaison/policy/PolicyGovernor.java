package io.liaison.policy;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.kernel.trust.TrustStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a candidate policy may take a place in the chain after the one in force. The
 * quorum that counts is the CURRENT policy's: a candidate cannot name its own approvers into power.
 * An approval counts when its approver is one of the current approvers, it signs exactly this
 * place ({@link ChainLink}), its signature verifies, and its key is a {@link KeyRole#AGENCY_SIGNING}
 * key of that agency that was valid and unrevoked both when the record was appended to the policy
 * topic and at the approval's stated signing time.
 *
 * <p>Keys are judged at the record's append time, not now: after an approver's key is rotated or
 * expires, the historic chain still verifies on a restart. The append time is the broker's
 * (LogAppendTime on the policy topic), so a holder of a stolen, since-revoked key cannot choose
 * it; the signer's own {@code signedAt} only has to be consistent with it: no later than the
 * append time (plus {@link #MAX_SIGNING_SKEW} between clocks) and no earlier than
 * {@link #MAX_APPROVAL_AGE} before it, so a forgotten approval cannot be published months later.
 */
public final class PolicyGovernor {
    /** How long an approval may wait between signing and publication. */
    public static final Duration MAX_APPROVAL_AGE = Duration.ofDays(30);
    /** How far an approver's clock may run ahead of the broker's. */
    public static final Duration MAX_SIGNING_SKEW = Duration.ofMinutes(5);

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

    /**
     * @param current    the policy in force, whose quorum decides
     * @param candidate  the proposed successor
     * @param link       the candidate's place in the chain (its predecessor is {@code current})
     * @param approvals  the signatures carried by the record
     * @param appendedAt when the broker appended the record to the policy topic
     */
    public static Decision accept(
            Policy current,
            Policy candidate,
            ChainLink link,
            List<PolicyApproval> approvals,
            Instant appendedAt,
            TrustStore trust) {
        ApprovalQuorum quorum = current.approvals();
        Set<String> counted = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (PolicyApproval a : approvals) {
            String problem = problem(a, quorum, link, appendedAt, trust);
            if (problem == null) {
                counted.add(a.approver());
            } else {
                problems.add(a.approver() + " (key " + a.keyId() + "): " + problem);
            }
        }
        if (counted.size() >= quorum.required()) {
            return new Accepted(candidate, counted);
        }
        StringBuilder reason = new StringBuilder("policy ")
                .append(candidate.version())
                .append(" needs ")
                .append(quorum.required())
                .append(" of ")
                .append(new TreeSet<>(quorum.approvers()))
                .append(", has ")
                .append(counted.size())
                .append(counted.isEmpty() ? "" : " " + counted);
        if (!problems.isEmpty()) {
            reason.append("; not counted: ").append(String.join("; ", problems));
        }
        return new Refused(reason.toString());
    }

    /** Why an approval does not count, or null if it does. */
    private static String problem(
            PolicyApproval a, ApprovalQuorum quorum, ChainLink link, Instant appendedAt, TrustStore trust) {
        if (!quorum.approvers().contains(a.approver())) {
            return "not an approver under the policy in force";
        }
        if (!a.link().equals(link)) {
            return "approves another place in the chain, " + a.link();
        }
        if (a.signedAt().isAfter(appendedAt.plus(MAX_SIGNING_SKEW))) {
            return "signed at " + a.signedAt() + ", after the record was appended at " + appendedAt;
        }
        if (a.signedAt().isBefore(appendedAt.minus(MAX_APPROVAL_AGE))) {
            return "signed at " + a.signedAt() + ", more than " + MAX_APPROVAL_AGE.toDays()
                    + " days before the record was appended at " + appendedAt;
        }
        String atAppend =
                keyProblem(trust.status(a.keyId(), appendedAt), "when the record was appended at " + appendedAt);
        if (atAppend != null) {
            return atAppend;
        }
        String atSigning =
                keyProblem(trust.status(a.keyId(), a.signedAt()), "at its stated signing time " + a.signedAt());
        if (atSigning != null) {
            return atSigning;
        }
        var key = ((KeyStatus.Valid) trust.status(a.keyId(), appendedAt)).key();
        if (key.role() != KeyRole.AGENCY_SIGNING || !key.owner().equals(a.approver())) {
            return "key belongs to " + key.owner() + " as " + key.role() + ", not to " + a.approver() + " as "
                    + KeyRole.AGENCY_SIGNING;
        }
        if (!Ed25519.verify(key.publicKey(), a.signingInput(), a.signature())) {
            return "signature does not verify";
        }
        return null;
    }

    private static String keyProblem(KeyStatus status, String when) {
        if (status instanceof KeyStatus.Revoked r) {
            return "key revoked at " + r.revokedAt() + " (" + r.reason() + "), not valid " + when;
        }
        if (status instanceof KeyStatus.OutsideValidity o) {
            return "key not valid " + when + " (certificate valid " + o.key().notBefore() + " to "
                    + o.key().notAfter() + ")";
        }
        return status instanceof KeyStatus.Unknown ? "unknown key" : null;
    }
}
