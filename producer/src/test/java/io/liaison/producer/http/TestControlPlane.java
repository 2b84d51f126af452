package io.liaison.producer.http;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.PolicyHolder;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.TrustAnchor;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;

/** The trust and policy topics on a test broker, followed the way {@code liaison ingest serve} follows them. */
final class TestControlPlane {
    static final Path POLICY = Path.of("..", "config", "policy.yaml");

    private TestControlPlane() {}

    /**
     * Creates both topics on {@code broker} if missing and follows them into {@code trust}, logged in
     * as the broker's super user, from the example policy as genesis.
     */
    static ControlPlane follow(EmbeddedKafkaBroker broker, TrustStore trust, TrustAnchor anchor) {
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            new ClusterAdmin(admin, Duration.ofSeconds(30))
                    .ensureTopics(TopicPlan.embedded().topics(List.of()).stream()
                            .filter(t -> Set.of(Topics.TRUST, Topics.POLICY).contains(t.name()))
                            .toList());
        }
        try {
            PolicyHolder policy = new PolicyHolder(PolicyLoader.load(POLICY), trust);
            return new ControlPlane(
                            broker.bootstrapServers(),
                            new HashMap<>(broker.adminConnection().properties()),
                            trust,
                            anchor,
                            policy)
                    .start(Duration.ofSeconds(30));
        } catch (PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
