package io.liaison.streams;

import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.CopyVerifier;
import io.liaison.consumer.InboxItem;
import io.liaison.controlplane.ControlPlane;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.seal.Seal;
import io.liaison.kernel.seal.SealContext;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.RecordTime;
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
import io.liaison.schemas.envelope.Envelope;
import io.liaison.testing.TestPki;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A real PKI (root CA, a signing and an encryption certificate per agency, the backbone's
 * attestation and encryption certificates, the quarantine officer's) and the example policy, wired
 * into a {@link Backbone} and its {@link EdgeSealing} over the given registry.
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
    final DecryptionKeys backboneKeys;
    final DecryptionKeys officerKeys;
    final Map<String, DecryptionKeys> agencyKeys = new HashMap<>();
    final Policy policy;
    final AvroCodec codec;
    /** Data keys read so far from each owner's key topic on the test driver. */
    private final Map<String, Map<String, byte[]>> keyTopics = new HashMap<>();

    private final SecureRandom random = new SecureRandom();

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
        return SharedKafka.get().adminConnection().properties();
    }

    TestBackbone(SchemaRegistryClient registry) {
        try {
            policy = PolicyLoader.load(POLICY_FILE);
        } catch (PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        for (String agency : AGENCIES) {
            agencies.put(agency, issue(agency, KeyRole.AGENCY_SIGNING));
            agencyKeys.put(agency, pki.agencyEncryption(agency));
        }
        backboneKey = pki.backbone();
        backboneKeys = pki.backboneEncryption();
        officerKeys = pki.quarantineOfficer();
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

    EdgeSealing sealing() {
        return new EdgeSealing(backboneKeys, trust, codec, Clock.systemUTC(), BackboneSettings.defaults("test"));
    }

    /** The ingress record value a gateway sends: the encoded envelope sealed to the backbone. */
    byte[] ingressValue(Envelope envelope, AvroCodec gatewayCodec) {
        String topic = Topics.ingress(envelope.getSenderAgency());
        return sealForBackbone(
                envelope.getSenderAgency(),
                envelope.getMessageId(),
                envelope.getMessageType(),
                gatewayCodec.encode(topic + "-value", envelope));
    }

    byte[] ingressValue(Envelope envelope) {
        return ingressValue(envelope, codec);
    }

    byte[] sealForBackbone(String agency, String messageId, String messageType, byte[] bytes) {
        return sealInline(
                Topics.ingress(agency), "backbone", EncryptionRole.BACKBONE, agency, messageId, messageType, bytes);
    }

    /**
     * A copy sealed to {@code recipient}'s current public encryption key with its data key inline:
     * what anyone who can write to the inbox can make, a holder of a stolen attestation key included.
     */
    byte[] sealForRecipient(String recipient, Envelope copy) {
        String inbox = Topics.inbox(recipient);
        return sealInline(
                inbox,
                recipient,
                EncryptionRole.AGENCY,
                copy.getSenderAgency(),
                copy.getMessageId(),
                copy.getMessageType(),
                codec.encode(inbox + "-value", copy));
    }

    private byte[] sealInline(
            String topic,
            String recipient,
            EncryptionRole role,
            String sender,
            String messageId,
            String messageType,
            byte[] bytes) {
        EncryptionKey key = trust.encryptionKey(recipient, role, Instant.now()).orElseThrow();
        return Seal.sealInline(
                        new SealContext(topic, messageId, sender, messageType, recipient, key.keyId()),
                        bytes,
                        key,
                        random)
                .encode();
    }

    /** What {@code agency}'s SDK makes of its inbox on the test driver: each copy opened with its own key and verified. */
    List<InboxItem> inbox(TopologyTestDriver driver, String agency) {
        Map<String, byte[]> keys = keyTopics.computeIfAbsent(agency, a -> new HashMap<>());
        driver.createOutputTopic(Topics.keys(agency), new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList()
                .forEach(kv -> keys.put(kv.key, kv.value));
        CopyVerifier verifier =
                new CopyVerifier(agencyKeys.get(agency), ref -> Optional.ofNullable(keys.get(ref)), trust, codec);
        return driver
                .createOutputTopic(Topics.inbox(agency), new StringDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList()
                .stream()
                .map(r -> verifier.verify(
                        Topics.inbox(agency), r.key(), r.value(), 0, 0, new RecordTime.LogAppend(r.getRecordTime())))
                .toList();
    }

    MessageSealer sealer(String agency) {
        return new MessageSealer(agencies.get(agency), codec, Clock.systemUTC(), 512 * 1024);
    }
}
