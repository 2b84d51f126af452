package io.liaison.cli.policy;

import io.liaison.cli.CliErrors;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.PolicyHolder;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.pki.TrustAnchor;
import io.liaison.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The policy in force, read from the policy topic and verified link by link from the pinned
 * genesis, exactly as a backbone follows it.
 */
final class PolicyInForce {
    private PolicyInForce() {}

    /**
     * @param login bootstrap servers aside, the Kafka client settings of a principal that reads the policy topic
     */
    static PolicyHolder read(PkiDirectory pki, Policy genesis, String bootstrap, Map<String, Object> login) {
        TrustStore trust;
        TrustAnchor anchor;
        try {
            trust = pki.loadTrustStore(Clock.systemUTC());
            anchor = pki.anchor();
        } catch (PkiException e) {
            throw new CliErrors.UserError(
                    "cannot load the trust store to verify the policy chain: " + e.getMessage(), e);
        }
        PolicyHolder chain = new PolicyHolder(genesis, trust);
        try (ControlPlane ignored =
                new ControlPlane(bootstrap, login, trust, anchor, chain).start(Duration.ofSeconds(30))) {
            return chain;
        }
    }
}
