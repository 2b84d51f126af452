package io.liaison.streams;

import io.liaison.controlplane.ControlPlane;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.TrustAnchor;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.redaction.Redactor;
import io.liaison.producer.MessageSealer;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.SchemaRegistryClient;
import io.liaison.testing.TestPki;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A real PKI (root CA, a signing certificate per agency, the backbone's attestation certificate)
 * and the example policy, wired into a {@link Backbone} over the given registry.
 */
final class TestBackbone {
    static final Path POLICY_FILE = Path.of("../config/policy.yaml");
    static final List<String> AGENCIES = List.of("cpd", "ice", "guard", "oversight", "public");

    final TestPki pki = new TestPki("Test Root");
    final TrustStore trust = pki.trust();
    final CertificateAuthority ca = pki.ca();
    final TrustAnchor anchor = pki.anchor();
    final Map<String, SigningIdentity> agencies = new HashMap<>();
    final SigningIdentity backboneKey;
    final Policy policy;
    final AvroCodec codec;

    /** For a backbone on a fixed policy, with no control plane to follow: always ready. */
    static final Supplier<ControlPlane.Health> NO_CONTROL_PLANE =
            () -> new ControlPlane.Health(true, "fixed policy, no control plane", 0);

    /** A Kafka client of the shared broker, logged in as its super user over TLS, with {@code extra} on top. */
    static Map<String, Object> clientProperties(Map<String, Object> extra) {
        Map<String, Object> p = SharedKafka.get().adminClientProperties();
        p.putAll(extra);
        return p;
    }

    /** The shared broker's super user login over TLS, for a Streams application. */
    static Map<String, String> login() {
        return SharedKafka.get().adminSecurity().properties();
    }

    TestBackbone(SchemaRegistryClient registry) {
        try {
            policy = PolicyLoader.load(POLICY_FILE);
        } catch (PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        for (String agency : AGENCIES) {
            agencies.put(agency, issue(agency, KeyRole.AGENCY_SIGNING));
        }
        backboneKey = pki.backbone();
        codec = new AvroCodec(registry, true);
    }

    SigningIdentity issue(String owner, KeyRole role) {
        return pki.issue(owner, role);
    }

    Backbone backbone(BackboneSettings settings) {
        return new Backbone(
                trust,
                () -> policy,
                new Redactor(new byte[32], Redactor.DEFAULT_PSEUDONYM_PERIOD, Clock.systemUTC()),
                backboneKey,
                codec,
                Clock.systemUTC(),
                settings);
    }

    /** For {@code TopologyTestDriver}, which puts every record on partition 0: one partition per ingress topic. */
    static BackboneSettings onePartition(String component) {
        return BackboneSettings.defaults(component).withIngressPartitions(1);
    }

    MessageSealer sealer(String agency) {
        return new MessageSealer(agencies.get(agency), codec, Clock.systemUTC(), 512 * 1024);
    }
}
