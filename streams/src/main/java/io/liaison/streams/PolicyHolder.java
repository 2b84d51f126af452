package io.liaison.streams;

import io.liaison.kernel.trust.TrustStore;
import io.liaison.policy.ChainDecision;
import io.liaison.policy.ChainLink;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyChain;
import io.liaison.policy.PolicyProposal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The policy in force. It starts from the pinned genesis (the operator's policy file) and moves
 * only along the chain ({@link PolicyChain}): the next sequence, after the version in force,
 * approved by that version's quorum. The switch is a single volatile write, so a message is
 * decided entirely under one version, and every decision names it. Refused records are counted
 * by reason.
 */
public final class PolicyHolder implements Supplier<Policy> {
    private final PolicyChain chain;
    private final TrustStore trust;
    private final Map<ChainDecision.Reason, Long> refusals = new EnumMap<>(ChainDecision.Reason.class);
    private volatile Policy current;

    public PolicyHolder(Policy genesis, TrustStore trust) {
        this.chain = new PolicyChain(genesis);
        this.trust = trust;
        this.current = genesis;
    }

    @Override
    public Policy get() {
        return current;
    }

    /** The place in the chain of the version in force. */
    public synchronized ChainLink link() {
        return chain.headLink();
    }

    /**
     * Applies one record of the policy topic, in log order.
     *
     * @param appendedAt the broker's append time; empty when the topic does not stamp it
     */
    public synchronized ChainDecision propose(byte[] record, Optional<Instant> appendedAt) {
        ChainDecision decision;
        try {
            decision = chain.offer(PolicyProposal.fromBytes(record), appendedAt, trust);
        } catch (IllegalArgumentException e) {
            decision = new ChainDecision.Refused(ChainDecision.Reason.MALFORMED, e.getMessage());
        }
        if (decision instanceof ChainDecision.Accepted a) {
            current = a.policy();
        } else if (decision instanceof ChainDecision.Refused r) {
            refusals.merge(r.reason(), 1L, Long::sum);
        }
        return decision;
    }

    /** How many policy records were refused, by reason. */
    public synchronized Map<ChainDecision.Reason, Long> refusals() {
        return Map.copyOf(refusals);
    }
}
