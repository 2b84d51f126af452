package io.liaison.policy;

import io.liaison.kernel.trust.TrustStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chain of policy versions from a pinned genesis, and the rule for extending it. Pure: the
 * caller hands in each record of the policy topic in log order, with the broker's append time.
 *
 * <p>A record is accepted only as the next sequence, naming the version in force as its
 * predecessor, approved by the quorum of the version in force ({@link PolicyGovernor}, keys judged
 * at the append time). Everything else is refused with a {@link ChainDecision.Reason}: an older
 * record appended again cannot move the chain back, and a chain from another genesis is never
 * followed. Not thread-safe: one follower feeds it.
 */
public final class PolicyChain {
    private final Policy genesis;
    private final List<String> versions = new ArrayList<>(); // versions.get(n) is the version at sequence n
    private Policy head;

    public PolicyChain(Policy genesis) {
        this.genesis = genesis;
        this.head = genesis;
        versions.add(genesis.version());
    }

    /** The version in force. */
    public Policy head() {
        return head;
    }

    /** The place in the chain of the version in force. */
    public ChainLink headLink() {
        int n = versions.size() - 1;
        return n == 0 ? ChainLink.genesis(versions.get(0)) : new ChainLink(n, versions.get(n - 1), versions.get(n));
    }

    /**
     * Offers one record.
     *
     * @param appendedAt the broker's append time of the record; empty when the topic does not stamp it
     * @param trust      the trust store the approval keys are judged in
     */
    public ChainDecision offer(PolicyProposal record, Optional<Instant> appendedAt, TrustStore trust) {
        ChainLink link = record.link();
        ChainLink headLink = headLink();
        if (link.isGenesis()) {
            return link.version().equals(genesis.version())
                    ? new ChainDecision.GenesisConfirmed(link)
                    : refused(
                            ChainDecision.Reason.GENESIS_MISMATCH,
                            "the policy topic's chain starts at " + link.version() + ", but the pinned genesis is "
                                    + genesis.version());
        }
        if (link.sequence() <= headLink.sequence()) {
            int n = (int) link.sequence();
            if (versions.get(n).equals(link.version()) && versions.get(n - 1).equals(link.predecessor())) {
                return refused(
                        ChainDecision.Reason.REPLAYED,
                        link + " was applied before and appended again; the policy in force is " + headLink
                                + ", and a replay does not move it back");
            }
            return refused(
                    ChainDecision.Reason.STALE,
                    link + " names a sequence already taken by " + versions.get(n) + "; the policy in force is "
                            + headLink);
        }
        if (link.sequence() > headLink.sequence() + 1) {
            return refused(
                    ChainDecision.Reason.SEQUENCE_GAP, link + " does not follow the policy in force, " + headLink);
        }
        if (!link.predecessor().equals(headLink.version())) {
            return refused(
                    ChainDecision.Reason.PREDECESSOR_MISMATCH,
                    link + " does not succeed the policy in force, " + headLink);
        }
        if (appendedAt.isEmpty()) {
            return refused(
                    ChainDecision.Reason.APPEND_TIME_UNKNOWN,
                    link + " has no broker append time to judge its approval keys at"
                            + " (the policy topic must set message.timestamp.type=LogAppendTime)");
        }
        Policy candidate;
        try {
            candidate = record.parse();
        } catch (PolicyException e) {
            return refused(ChainDecision.Reason.INVALID_POLICY, link + " is not a valid policy: " + e.getMessage());
        }
        PolicyGovernor.Decision decision =
                PolicyGovernor.accept(head, candidate, link, record.approvals(), appendedAt.get(), trust);
        if (decision instanceof PolicyGovernor.Refused r) {
            return refused(ChainDecision.Reason.QUORUM_NOT_MET, link + ": " + r.reason());
        }
        versions.add(candidate.version());
        head = candidate;
        return new ChainDecision.Accepted(link, candidate, ((PolicyGovernor.Accepted) decision).approvedBy());
    }

    private static ChainDecision.Refused refused(ChainDecision.Reason reason, String detail) {
        return new ChainDecision.Refused(reason, detail);
    }
}
