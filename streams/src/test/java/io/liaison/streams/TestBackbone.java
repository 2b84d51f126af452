package io.liaison.streams;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.SigningIdentities;
import io.liaison.pki.TrustAnchor;
import io.liaison.pki.Validity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.redaction.Redactor;
import io.liaison.producer.MessageSealer;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * A real PKI (root CA, a signing certificate per agency, the backbone's attestation certificate)
 * and the example policy, wired into a {@link Backbone} over the given registry.
 */
final class TestBackbone {
    static final Path POLICY_FILE = Path.of("../config/policy.yaml");
    static final List<String> AGENCIES = List.of("cpd", "ice", "guard", "oversight", "public");

    final TrustStore trust = new TrustStore();
    final Map<String, SigningIdentity> agencies = new HashMap<>();
    final SigningIdentity backboneKey;
    final Policy policy;
    final AvroCodec codec;
    final CertificateAuthority ca;
    final TrustAnchor anchor;

    TestBackbone(SchemaRegistryClient registry) {
        try {
            policy = PolicyLoader.load(POLICY_FILE);
        } catch (PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        IssuedCertificate root = CertificateAuthority.createRoot("Test Root",
                Validity.of(clock.instant().minus(Duration.ofDays(10)), Duration.ofDays(20)), random); // room for expired leaves
        ca = CertificateAuthority.of(root.certificate(), root.privateKey(), clock, random);
        anchor = TrustAnchor.of(root.certificate());
        for (String agency : AGENCIES) {
            agencies.put(agency, issue(agency, KeyRole.AGENCY_SIGNING));
        }
        backboneKey = issue(CertificateProfiles.BACKBONE_OWNER, KeyRole.BACKBONE_ATTESTATION);
        codec = new AvroCodec(registry, true);
    }

    SigningIdentity issue(String owner, KeyRole role) {
        IssuedCertificate cert = ca.issueSigning(owner, role, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        trust.add(anchor.trustedKey(cert.certificate()));
        return SigningIdentities.of(cert.privateKey(), cert.certificate());
    }

    Backbone backbone(ToIntFunction<String> partitions) {
        return new Backbone(trust, () -> policy, new Redactor(new byte[32]), backboneKey, codec, Clock.systemUTC(),
                BackboneSettings.defaults("test"), partitions);
    }

    MessageSealer sealer(String agency) {
        return new MessageSealer(agencies.get(agency), codec, Clock.systemUTC(), 512 * 1024);
    }
}
