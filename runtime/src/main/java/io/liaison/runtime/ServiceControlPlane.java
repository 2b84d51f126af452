package io.liaison.runtime;

import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.ControlPlaneStartException;
import io.liaison.controlplane.PolicyHolder;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How an HTTP service (the agency ingest, the consumer gateway) follows the trust and policy
 * topics: a trust store of its own, loaded from the PKI directory and pinned to its CA, and the
 * operator's policy file as the genesis of the approval chain, read with the service's own Kafka
 * login. If the topics cannot be read to their end in time, or hold a policy chain that does not
 * follow from the genesis, the service does not start ({@link ControlPlaneStartException}); once
 * started, it says it is not ready whenever it can no longer keep them current.
 */
public final class ServiceControlPlane {
    static final Duration CATCH_UP = Duration.ofSeconds(30);

    private ServiceControlPlane() {}

    /**
     * Starts following; the caller closes it after the service it feeds.
     *
     * @throws ControlPlaneStartException if the topics cannot be followed from here
     */
    public static ControlPlane follow(
            String bootstrapServers, Map<String, ?> clientOverrides, PkiDirectory pki, Policy genesis) {
        Clock clock = Clock.systemUTC();
        TrustStore trust;
        try {
            trust = pki.loadTrustStore(clock);
        } catch (PkiException e) {
            throw new StartupRefusedException(
                    "cannot load the trust store from " + pki.root() + ": " + e.getMessage(), e);
        }
        return new ControlPlane(
                        bootstrapServers,
                        new HashMap<>(clientOverrides),
                        trust,
                        pki.anchor(),
                        new PolicyHolder(genesis, trust))
                .start(CATCH_UP);
    }
}
