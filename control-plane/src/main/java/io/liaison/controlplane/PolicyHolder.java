package io.liaison.controlplane;

import io.liaison.kernel.trust.TrustStore;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyGovernor;
import io.liaison.policy.PolicyProposal;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in force. It starts from the operator's file (the genesis version) and moves only to
 * versions approved by the approvers the current version names; the switch is a single atomic
 * reference swap, so a message is decided entirely under one version, and every decision names it.
 */
public final class PolicyHolder implements Supplier<Policy> {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyHolder.class);

    /** What became of a proposal. */
    public sealed interface Outcome {
        record Switched(Policy from, Policy to) implements Outcome {}

        record AlreadyCurrent(String version) implements Outcome {}

        record Refused(String version, String reason) implements Outcome {}
    }

    private final AtomicReference<Policy> current;
    private final TrustStore trust;
    private final Clock clock;

    public PolicyHolder(Policy genesis, TrustStore trust, Clock clock) {
        this.current = new AtomicReference<>(Objects.requireNonNull(genesis, "genesis"));
        this.trust = trust;
        this.clock = clock;
    }

    @Override
    public Policy get() {
        return current.get();
    }

    /** Applies a proposal read from the policy topic: switch if validly approved, else keep the current version. */
    public synchronized Outcome propose(PolicyProposal proposal) {
        Policy now = current.get();
        if (proposal.version().equals(now.version())) {
            return new Outcome.AlreadyCurrent(now.version());
        }
        Policy candidate;
        try {
            candidate = proposal.parse();
        } catch (PolicyException e) {
            return refused(proposal.version(), "invalid policy: " + e.getMessage());
        }
        PolicyGovernor.Decision decision = PolicyGovernor.accept(now, candidate, proposal.approvals(), trust, clock.instant());
        if (decision instanceof PolicyGovernor.Refused r) {
            return refused(proposal.version(), r.reason());
        }
        current.set(candidate);
        LOG.info("policy switched from {} to {} (approved by {})", now.version(), candidate.version(),
                ((PolicyGovernor.Accepted) decision).approvedBy());
        return new Outcome.Switched(now, candidate);
    }

    private static Outcome refused(String version, String reason) {
        LOG.warn("policy {} refused: {}", version, reason);
        return new Outcome.Refused(version, reason);
    }
}
