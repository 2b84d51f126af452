package io.liaison.consumer.http;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.ControlPlanePublisher;
import io.liaison.controlplane.PolicyHolder;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.envelope.Attestations;
import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.kernel.fields.LeafWalker;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.seal.Seal;
import io.liaison.kernel.seal.SealContext;
import io.liaison.kernel.seal.SessionSealer;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateAuthority;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.MessageSealer;
import io.liaison.registry.AvroCodec;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.samples.SamplePayloads;
import io.liaison.testing.TestPki;
import io.liaison.web.auth.BearerTokens;
import io.liaison.web.auth.TokenSettings;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the backbone would have produced, made the way it makes it: a real CA, an agency signing
 * and encryption key per agency and a backbone attestation key; payloads signed by the sender,
 * attested per recipient (with declared field actions), sealed to the recipient and written
 * transactionally to {@code inbox.<agency>} with their data keys in {@code keys.<agency>} on the
 * shared broker, with schemas in the shared Apicurio registry. The trust store and policy are kept
 * by a {@link ControlPlane} following the shared trust and policy topics, as in
 * {@code liaison gateway serve}; {@link #publisher} writes to them.
 */
final class InboxFixture implements AutoCloseable {
    static final Path POLICY_FILE = Path.of("../config/policy.yaml");
    static final List<String> AGENCIES = List.of("cpd", "ice", "guard");
    /** Who signs a new policy version besides cpd (the example policy's approvers). */
    static final String OVERSIGHT = "oversight";

    static final int PARTITIONS = 3;

    final String bootstrap;
    /** The shared broker's super user over TLS: every Kafka client of these tests logs in with it. */
    final Map<String, String> kafkaLogin;

    final String registryUrl;
    final TestPki pki;
    final TrustStore trust;
    final Policy policy;
    final CertificateAuthority ca;
    final Map<String, SigningIdentity> agencyKeys = new HashMap<>();
    final Map<String, DecryptionKeys> decryptionKeys = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final SessionSealer sealer = new SessionSealer(Clock.systemUTC(), random);
    final SigningIdentity backboneKey;
    final AvroCodec codec;
    final ControlPlane controlPlane;
    final ControlPlanePublisher publisher;
    private final KafkaProducer<String, byte[]> producer;

    /** One published copy: its id and where it landed. */
    record Published(String messageId, int partition, long offset, Instant createdAt) {}

    InboxFixture() {
        this(new TestPki("Gateway Test Root"));
    }

    /** A fixture whose keys {@code pki} issues, e.g. on the CA of a PKI directory that also issues TLS certificates. */
    InboxFixture(TestPki pki) {
        this.pki = pki;
        this.trust = pki.trust();
        this.ca = pki.ca();
        bootstrap = SharedKafka.get().bootstrapServers();
        kafkaLogin = SharedKafka.get().adminConnection().properties();
        registryUrl = SharedApicurio.get().url().toString();
        try {
            policy = PolicyLoader.load(POLICY_FILE);
        } catch (PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        for (String agency : AGENCIES) {
            agencyKeys.put(agency, pki.agency(agency));
            decryptionKeys.put(agency, pki.agencyEncryption(agency));
        }
        agencyKeys.put(OVERSIGHT, pki.agency(OVERSIGHT));
        backboneKey = pki.backbone();
        codec = new AvroCodec(SharedApicurio.get().client(), true);
        createTopics();
        controlPlane = new ControlPlane(
                        bootstrap, new HashMap<>(kafkaLogin), trust, pki.anchor(), new PolicyHolder(policy, trust))
                .start(Duration.ofSeconds(30));
        publisher = new ControlPlanePublisher(bootstrap, new HashMap<>(kafkaLogin));
        Properties p = new Properties();
        p.putAll(kafkaLogin);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "gateway-test-backbone-" + UUID.randomUUID());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    private void createTopics() {
        try (Admin admin = Admin.create(SharedKafka.get().adminClientProperties())) {
            // the control-plane topics exactly as planned: the policy topic stamps append times, which approvals need
            new ClusterAdmin(admin, Duration.ofSeconds(30))
                    .ensureTopics(TopicPlan.embedded().topics(List.of()).stream()
                            .filter(t ->
                                    t.name().equals(Topics.TRUST) || t.name().equals(Topics.POLICY))
                            .toList());
            List<NewTopic> topics = new ArrayList<>();
            // as planned: the SDK judges keys at the broker's append time and refuses any other timestamp
            Map<String, String> appendTimed = Map.of(TopicPlan.TIMESTAMP_TYPE, TopicPlan.LOG_APPEND_TIME);
            AGENCIES.forEach(
                    a -> topics.add(new NewTopic(Topics.inbox(a), PARTITIONS, (short) 1).configs(appendTimed)));
            topics.add(new NewTopic(Topics.AUDIT, 1, (short) 1).configs(appendTimed));
            AGENCIES.forEach(a -> topics.add(new NewTopic(Topics.keys(a), PARTITIONS, (short) 1)));
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The consumer gateway's defaults over the shared broker and registry, on a free port. */
    ConsumerGatewayConfig gatewayConfig() {
        return ConsumerGatewayConfig.defaults(bootstrap, registryUrl, 0).withKafkaOverrides(new HashMap<>(kafkaLogin));
    }

    String token(String agency, String analyst) {
        return BearerTokens.issue(
                agencyKeys.get(agency),
                analyst,
                TokenSettings.CONSUMER_GATEWAY_AUDIENCE,
                Duration.ofMinutes(10),
                Clock.systemUTC());
    }

    /**
     * A cpd incident report released to {@code recipient} for {@code purpose}, its incident id set
     * to {@code marker} (so {@code q=marker} finds it), the first person's name pseudonymised and
     * the narrative withheld, as the attestation declares.
     */
    Published publish(String recipient, String purpose, String marker) {
        return publishAll(recipient, purpose, marker, 1).get(0);
    }

    /** {@code count} copies, each in its own transaction. */
    List<Published> publishAll(String recipient, String purpose, String marker, int count) {
        List<Published> published = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            published.addAll(publishInOneTransaction(recipient, purpose, marker, 1));
        }
        return published;
    }

    /** {@code count} copies committed together, as the backbone commits what it processed in one interval. */
    List<Published> publishInOneTransaction(String recipient, String purpose, String marker, int count) {
        List<Envelope> copies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            copies.add(copy(
                    recipient,
                    purpose,
                    marker,
                    Map.of("involvedPersons[0].name", "PSEUDONYMIZE", "narrative", "DROP")));
        }
        return send(recipient, copies);
    }

    /** An attested copy sealed to its recipient, ready to write: done ahead, for load tests. */
    record Prepared(String messageId, String keyRef, byte[] wrappedKey, byte[] value) {}

    List<Prepared> prepare(String recipient, String purpose, String marker, int count) {
        List<Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Envelope copy = copy(
                    recipient, purpose, marker, Map.of("involvedPersons[0].name", "PSEUDONYMIZE", "narrative", "DROP"));
            prepared.add(seal(recipient, copy));
        }
        return prepared;
    }

    /** Writes prepared copies in one transaction, each with its data key; the record timestamps are the send times. */
    void sendPrepared(String recipient, List<Prepared> copies) {
        producer.beginTransaction();
        copies.forEach(c -> {
            producer.send(new ProducerRecord<>(Topics.keys(recipient), c.keyRef(), c.wrappedKey()));
            producer.send(new ProducerRecord<>(Topics.inbox(recipient), c.messageId(), c.value()));
        });
        producer.commitTransaction();
    }

    /** As the backbone seals a copy: to the recipient's current encryption key, its data key for the key topic. */
    private Prepared seal(String recipient, Envelope copy) {
        String inbox = Topics.inbox(recipient);
        EncryptionKey key = trust.encryptionKey(recipient, EncryptionRole.AGENCY, Instant.now())
                .orElseThrow();
        SealContext context = new SealContext(
                inbox, copy.getMessageId(), copy.getSenderAgency(), copy.getMessageType(), recipient, key.keyId());
        String ref = Seal.newKeyRef(copy.getMessageId(), random);
        Seal.Sealed sealed = sealer.sealReferenced(context, ref, codec.encode(inbox + "-value", copy), key);
        return new Prepared(
                copy.getMessageId(), ref, sealed.key().encode(), sealed.record().encode());
    }

    /**
     * A copy attested and sealed to {@code sealedTo}, written into {@code writtenTo}'s inbox and key
     * topic: what an agency given read access to another's topics would hold.
     */
    Published publishSealedFor(String sealedTo, String writtenTo, String purpose, String marker) {
        Prepared sealed = seal(sealedTo, copy(sealedTo, purpose, marker, Map.of()));
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(Topics.keys(writtenTo), sealed.keyRef(), sealed.wrappedKey()));
        Future<RecordMetadata> sent =
                producer.send(new ProducerRecord<>(Topics.inbox(writtenTo), sealed.messageId(), sealed.value()));
        producer.commitTransaction();
        try {
            RecordMetadata meta = sent.get();
            return new Published(sealed.messageId(), meta.partition(), meta.offset(), Instant.now());
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy whose payload was changed without the attestation declaring it: the gateway must refuse it. */
    Published publishTampered(String recipient, String purpose, String marker) {
        Envelope honest = copy(recipient, purpose, marker, Map.of());
        GenericRecord payload = codec.decodeGeneric(FieldCommitments.bytes(honest.getPayload()));
        GenericRecord changed = LeafWalker.rewrite(
                payload, leaf -> leaf.path().equals("reportingOfficer") ? "Someone Else" : leaf.value());
        honest.setPayload(ByteBuffer.wrap(codec.encode(payload.getSchema().getFullName(), changed)));
        return send(recipient, List.of(honest)).get(0);
    }

    /** {@code payload} signed by {@code sender} and released to {@code recipient} for {@code purpose} unchanged. */
    Published publishPayload(String sender, String recipient, String purpose, GenericRecord payload) {
        MessageSealer sealer = new MessageSealer(agencyKeys.get(sender), codec, Clock.systemUTC(), 512 * 1024);
        MessageSealer.Sealed sealed = sealer.seal(payload, MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE));
        Envelope copy = Attestations.attest(
                backboneKey,
                sealed.envelope(),
                sealed.payloadBytes(),
                new Attestations.Delivery(recipient, purpose, policy.version(), List.of("test-rule"), Map.of()),
                Instant.now());
        return send(recipient, List.of(copy)).get(0);
    }

    private Envelope copy(String recipient, String purpose, String marker, Map<String, String> actions) {
        Instant now = Instant.now();
        MessageSealer sealer = new MessageSealer(agencyKeys.get("cpd"), codec, Clock.systemUTC(), 512 * 1024);
        MessageSealer.Sealed sealed = sealer.seal(
                SamplePayloads.shotsFiredReport(marker, now),
                MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"));
        GenericRecord payload = codec.decodeGeneric(sealed.payloadBytes());
        GenericRecord delivered = LeafWalker.rewrite(payload, leaf -> {
            String action = actions.get(leaf.path());
            if (action == null) {
                return leaf.value();
            }
            return action.equals("DROP") && leaf.nullable()
                    ? null
                    : "pseudonym-" + Integer.toHexString(leaf.path().hashCode());
        });
        byte[] deliveredBytes = codec.encode(payload.getSchema().getFullName(), delivered);
        return Attestations.attest(
                backboneKey,
                sealed.envelope(),
                deliveredBytes,
                new Attestations.Delivery(recipient, purpose, policy.version(), List.of("test-rule"), actions),
                now);
    }

    private List<Published> send(String recipient, List<Envelope> copies) {
        String inbox = Topics.inbox(recipient);
        producer.beginTransaction();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Envelope copy : copies) {
            Prepared sealed = seal(recipient, copy);
            producer.send(new ProducerRecord<>(Topics.keys(recipient), sealed.keyRef(), sealed.wrappedKey()));
            sent.add(producer.send(new ProducerRecord<>(inbox, copy.getMessageId(), sealed.value())));
        }
        producer.commitTransaction();
        List<Published> published = new ArrayList<>();
        try {
            for (int i = 0; i < copies.size(); i++) {
                var meta = sent.get(i).get();
                published.add(new Published(
                        copies.get(i).getMessageId(),
                        meta.partition(),
                        meta.offset(),
                        copies.get(i).getCreatedAt()));
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return published;
    }

    /** Every audit record written so far. */
    List<AuditRecord> auditRecords() {
        Map<String, Object> p = new HashMap<>(kafkaLogin);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<AuditRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.AUDIT, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(codec.decodeSpecific(r.value(), AuditRecord.class));
                }
            }
        }
        return records;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        publisher.close();
        controlPlane.close();
    }
}
