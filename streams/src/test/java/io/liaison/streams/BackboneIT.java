package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.ControlPlanePublisher;
import io.liaison.controlplane.PolicyHolder;
import io.liaison.embedded.TempDirs;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.envelope.EnvelopeSigner;
import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.kernel.seal.SealedRecord;
import io.liaison.kernel.seal.WrappedKey;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.RevocationListEntry;
import io.liaison.pki.RevocationReason;
import io.liaison.pki.SigningIdentities;
import io.liaison.pki.TrustItem;
import io.liaison.pki.Validity;
import io.liaison.policy.ChainDecision;
import io.liaison.policy.ChainLink;
import io.liaison.policy.PolicyApproval;
import io.liaison.policy.PolicyProposal;
import io.liaison.producer.IngressSealer;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.MessageSealer;
import io.liaison.registry.AvroCodec;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import io.liaison.schemas.samples.SamplePayloads;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backbone on a real KRaft broker and a real Apicurio Registry, with exactly-once v2: every
 * class of bad input lands in quarantine with its reason while good messages keep flowing, and
 * trust and policy change live, without a restart.
 */
class BackboneIT {
    private static final List<String> AGENCIES = List.of("cpd", "ice", "guard", "oversight", "public", "nsa");

    private static TestBackbone fixture;
    private static Admin admin;
    private static PolicyHolder policies;
    private static ControlPlane controlPlane;
    private static ControlPlanePublisher publisher;
    private static BackboneService service;
    private static KafkaProducer<String, byte[]> raw;
    private static Sink sink;

    @BeforeAll
    static void startBackbone() {
        String bootstrap = SharedKafka.get().bootstrapServers();
        // every client logs in as the shared broker's super user, over TLS
        Map<String, String> login = SharedKafka.get().adminConnection().properties();
        fixture = new TestBackbone(SharedApicurio.get().client());
        admin = Admin.create(SharedKafka.get().adminClientProperties());
        new ClusterAdmin(admin, Duration.ofSeconds(30))
                .ensureTopics(TopicPlan.embedded().topics(AGENCIES));
        policies = new PolicyHolder(fixture.policy, fixture.trust);
        controlPlane = new ControlPlane(bootstrap, new HashMap<>(login), fixture.trust, fixture.anchor, policies)
                .start(Duration.ofSeconds(30));
        publisher = new ControlPlanePublisher(bootstrap, new HashMap<>(login));
        Backbone backbone = new Backbone(
                fixture.trust,
                policies,
                new io.liaison.policy.redaction.Redactor(
                        new byte[32], io.liaison.policy.redaction.Redactor.DEFAULT_PSEUDONYM_PERIOD, Clock.systemUTC()),
                fixture.backboneKey,
                fixture.codec,
                Clock.systemUTC(),
                BackboneSettings.defaults("backbone-it"));
        service = BackboneService.start(
                new StreamsAppConfig("backbone-it", bootstrap, TempDirs.create("backbone-it-"), 1, (short) 1, login),
                backbone,
                fixture.sealing(),
                BackboneSettings.defaults("backbone-it"),
                admin,
                controlPlane::health);
        await().atMost(Duration.ofSeconds(60)).until(service::isRunning);
        Map<String, Object> client = SharedKafka.get().adminClientProperties();
        Map<String, Object> producer = new HashMap<>(client);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        raw = new KafkaProducer<>(
                producer, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
        sink = new Sink(client, fixture.codec);
    }

    @AfterAll
    static void stop() {
        raw.close();
        service.close();
        controlPlane.close();
        publisher.close();
        admin.close();
        sink.close();
    }

    /** Reads quarantine and audit from the beginning, committed records only. */
    private static final class Sink implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final AvroCodec codec;
        final Map<String, QuarantineRecord> quarantinedById = new ConcurrentHashMap<>();
        final List<QuarantineRecord> quarantined = new ArrayList<>();
        final List<AuditRecord> audit = new ArrayList<>();

        Sink(Map<String, Object> client, AvroCodec codec) {
            this.codec = codec;
            Map<String, Object> committed = new HashMap<>(client);
            committed.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(committed, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(Topics.QUARANTINE)
                    .forEach(p -> parts.add(new TopicPartition(Topics.QUARANTINE, p.partition())));
            parts.add(new TopicPartition(Topics.AUDIT, 0));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }

        synchronized void poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.topic().equals(Topics.AUDIT)) {
                    audit.add(codec.decodeSpecific(r.value(), AuditRecord.class));
                } else {
                    QuarantineRecord q = codec.decodeSpecific(r.value(), QuarantineRecord.class);
                    quarantined.add(q);
                    if (q.getMessageId() != null) {
                        quarantinedById.put(q.getMessageId(), q);
                    }
                }
            });
        }

        /** The quarantine record of the ingress record at {@code at}, once read. */
        synchronized Optional<QuarantineRecord> quarantinedAt(RecordMetadata at) {
            return quarantined.stream()
                    .filter(q -> q.getSourceTopic().equals(at.topic())
                            && q.getSourcePartition() == at.partition()
                            && q.getSourceOffset() == at.offset())
                    .findFirst();
        }

        synchronized boolean delivered(String messageId, String recipient) {
            return audit.stream()
                    .anyMatch(a -> messageId.equals(a.getMessageId())
                            && recipient.equals(a.getRecipient())
                            && a.getDecision() == AuditDecision.DELIVERED);
        }

        public void close() {
            consumer.close();
        }
    }

    private static Envelope sealed(String agency) {
        return fixture.sealer(agency)
                .seal(
                        SamplePayloads.shotsFiredReport("I-" + UUID.randomUUID(), Instant.now()),
                        MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"))
                .envelope();
    }

    /** Where the record landed. */
    private static RecordMetadata send(String topic, String key, byte[] value) {
        try {
            return raw.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@code agency}'s gateway sends it: sealed to the backbone for its own ingress topic. */
    private static void send(String agency, Envelope e) {
        send(
                Topics.ingress(agency),
                e.getMessageId(),
                fixture.sealForBackbone(
                        agency,
                        e.getMessageId(),
                        e.getMessageType(),
                        fixture.codec.encode(Topics.ingress(agency) + "-value", e)));
    }

    private static String awaitQuarantined(String messageId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            sink.poll();
            return sink.quarantinedById.containsKey(messageId);
        });
        return sink.quarantinedById.get(messageId).getReasonCode();
    }

    private static void awaitDelivered(String messageId, String recipient) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            sink.poll();
            return sink.delivered(messageId, recipient);
        });
    }

    @Test
    void everyClassOfBadInputIsQuarantinedWithItsReasonWhileGoodMessagesFlow() {
        Map<String, String> expected = new HashMap<>();

        Envelope tamperedPayload = sealed("cpd");
        byte[] payload = FieldCommitments.bytes(tamperedPayload.getPayload());
        int at = indexOf(payload, "Daniel".getBytes(StandardCharsets.UTF_8));
        payload[at] = 'X';
        tamperedPayload.setPayload(ByteBuffer.wrap(payload));
        send("cpd", tamperedPayload);
        expected.put(tamperedPayload.getMessageId(), "COMMITMENT_MISMATCH");

        Envelope tamperedHeader = sealed("cpd");
        tamperedHeader.setClassification(Classification.UNCLASSIFIED);
        send("cpd", tamperedHeader);
        expected.put(tamperedHeader.getMessageId(), "SIGNATURE_INVALID");

        Envelope otherAgencysKey = sealed("ice");
        otherAgencysKey.setSenderAgency("cpd");
        new EnvelopeSigner(new SigningIdentity(
                        "cpd",
                        fixture.agencies.get("ice").keyId(),
                        fixture.agencies.get("ice").privateKey()))
                .sign(otherAgencysKey);
        send("cpd", otherAgencysKey);
        expected.put(otherAgencysKey.getMessageId(), "SENDER_KEY_MISMATCH");

        IssuedCertificate untrusted = fixture.ca.issueSigning(
                "nsa", KeyRole.AGENCY_SIGNING, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        Envelope unknownAgency = new MessageSealer(
                        SigningIdentities.of(untrusted.privateKey(), untrusted.certificate()),
                        fixture.codec,
                        Clock.systemUTC(),
                        512 * 1024)
                .seal(SamplePayloads.roadClosure("N-1", Instant.now()), MessageHeaders.of(Classification.UNCLASSIFIED))
                .envelope();
        send("nsa", unknownAgency);
        expected.put(unknownAgency.getMessageId(), "UNKNOWN_AGENCY");

        Envelope unknownKey = sealed("cpd");
        unknownKey.setKeyId("00".repeat(32));
        send("cpd", unknownKey);
        expected.put(unknownKey.getMessageId(), "UNKNOWN_KEY");

        SigningIdentity revokedCpd = fixture.issue("cpd", KeyRole.AGENCY_SIGNING);
        fixture.trust.revoke(revokedCpd.keyId(), Instant.now().minusSeconds(1), "key-compromise");
        Envelope revoked = new MessageSealer(revokedCpd, fixture.codec, Clock.systemUTC(), 512 * 1024)
                .seal(SamplePayloads.roadClosure("R-1", Instant.now()), MessageHeaders.of(Classification.UNCLASSIFIED))
                .envelope();
        send("cpd", revoked);
        expected.put(revoked.getMessageId(), "KEY_REVOKED");

        IssuedCertificate expiredCert = fixture.ca.issueSigning(
                "cpd",
                KeyRole.AGENCY_SIGNING,
                Validity.of(Instant.now().minus(Duration.ofDays(3)), Duration.ofDays(1)));
        fixture.trust.add(fixture.anchor.trustedKey(expiredCert.certificate()));
        Envelope expired = new MessageSealer(
                        SigningIdentities.of(expiredCert.privateKey(), expiredCert.certificate()),
                        fixture.codec,
                        Clock.systemUTC(),
                        512 * 1024)
                .seal(SamplePayloads.roadClosure("E-1", Instant.now()), MessageHeaders.of(Classification.UNCLASSIFIED))
                .envelope();
        send("cpd", expired);
        expected.put(expired.getMessageId(), "CERTIFICATE_EXPIRED");

        Envelope skewed = new MessageSealer(
                        fixture.agencies.get("cpd"),
                        fixture.codec,
                        Clock.offset(Clock.systemUTC(), Duration.ofMinutes(30)),
                        512 * 1024)
                .seal(SamplePayloads.roadClosure("S-1", Instant.now()), MessageHeaders.of(Classification.UNCLASSIFIED))
                .envelope();
        send("cpd", skewed);
        expected.put(skewed.getMessageId(), "CLOCK_SKEW");

        Envelope first = sealed("cpd");
        Envelope copiedSignature = sealed("cpd");
        copiedSignature.setSignature(first.getSignature());
        send("cpd", copiedSignature);
        expected.put(copiedSignature.getMessageId(), "SIGNATURE_INVALID");

        Envelope wrongTopic = sealed("cpd");
        send("guard", wrongTopic);
        expected.put(wrongTopic.getMessageId(), "SENDER_TOPIC_MISMATCH");

        Envelope good = sealed("cpd");
        send("cpd", good);
        send("cpd", good); // the replay, byte for byte, same key and so the same partition

        byte[] whole = fixture.codec.encode(Topics.ingress("cpd") + "-value", sealed("cpd"));
        String truncatedKey = "truncated-" + UUID.randomUUID();
        send(
                Topics.ingress("cpd"),
                truncatedKey,
                fixture.sealForBackbone("cpd", truncatedKey, "IncidentReport", Arrays.copyOf(whole, whole.length / 2)));
        String notAvroKey = "not-avro-" + UUID.randomUUID();
        send(Topics.ingress("cpd"), notAvroKey, "{\"type\":\"IncidentReport\"}".getBytes(StandardCharsets.UTF_8));

        Envelope after = sealed("cpd");
        send("cpd", after);

        expected.forEach((id, reason) ->
                assertThat(awaitQuarantined(id)).as("reason for %s", id).isEqualTo(reason));
        awaitDelivered(good.getMessageId(), "ice");
        assertThat(awaitQuarantined(good.getMessageId())).isEqualTo("REPLAY");
        awaitDelivered(after.getMessageId(), "ice");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            sink.poll();
            return sink.quarantined.stream()
                            .anyMatch(q -> q.getMessageId() == null && "MALFORMED_ENVELOPE".equals(q.getReasonCode()))
                    && sink.quarantined.stream()
                            .anyMatch(q -> q.getMessageId() == null && "NOT_SEALED".equals(q.getReasonCode()));
        });
        assertThat(service.metrics().quarantinedByReason())
                .containsKeys("COMMITMENT_MISMATCH", "REPLAY", "MALFORMED_ENVELOPE", "NOT_SEALED");
    }

    /**
     * A sender (or a compromised gateway container) keeps a real session seal's wrapped key and
     * ciphertext but swaps its encapsulation for a share of its own: the backbone must not open it
     * under a key it never agreed, and quarantines it as broken; the same message under its genuine
     * seal, sent next, is delivered.
     */
    @Test
    void anIngressRecordWithAForgedSessionEncapsulationIsQuarantinedAsBroken() {
        Envelope e = sealed("cpd");
        String topic = Topics.ingress("cpd");
        // what the agency's gateway sends: sealed in a session to the backbone's key
        byte[] genuine = new IngressSealer(fixture.trust, Clock.systemUTC())
                .seal("cpd", e.getMessageId(), e.getMessageType(), fixture.codec.encode(topic + "-value", e));
        SealedRecord real = SealedRecord.decode(genuine);
        WrappedKey key = ((SealedRecord.KeyPlacement.Inline) real.placement()).key();
        assertThat(key.scheme()).isEqualTo(WrappedKey.Scheme.SESSION);
        byte[] attackersShare = new byte[key.encapsulation().length];
        new SecureRandom().nextBytes(attackersShare);
        byte[] forged = new SealedRecord(
                        real.context(),
                        new SealedRecord.KeyPlacement.Inline(new WrappedKey(
                                WrappedKey.Scheme.SESSION, key.recipientKeyId(), attackersShare, key.ciphertext())),
                        real.nonce(),
                        real.ciphertext())
                .encode();

        RecordMetadata at = send(topic, e.getMessageId(), forged);
        send(topic, e.getMessageId(), genuine);

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            sink.poll();
            return sink.quarantinedAt(at).isPresent();
        });
        QuarantineRecord q = sink.quarantinedAt(at).orElseThrow();
        assertThat(q.getReasonCode()).isEqualTo("SEAL_BROKEN");
        assertThat(q.getMessageId()).as("nothing of the forged record was read").isNull();
        awaitDelivered(e.getMessageId(), "ice");
    }

    @Test
    void aRevocationPublishedOnTheTrustTopicTakesEffectWithoutARestart() {
        IssuedCertificate cert = fixture.ca.issueSigning(
                "guard", KeyRole.AGENCY_SIGNING, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        publisher.publishTrust(List.of(new TrustItem.CertificateItem(cert.certificate())));
        SigningIdentity guard = SigningIdentities.of(cert.privateKey(), cert.certificate());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fixture.trust.key(guard.keyId()).isPresent());
        MessageSealer sealer = new MessageSealer(guard, fixture.codec, Clock.systemUTC(), 512 * 1024);

        Envelope before = sealer.seal(
                        SamplePayloads.sitrep("S-1", Instant.now()), MessageHeaders.of(Classification.CUI))
                .envelope();
        send("guard", before);
        awaitDelivered(before.getMessageId(), "cpd");

        Instant revokedAt = Instant.now().minusSeconds(1);
        publisher.publishTrust(List.of(new TrustItem.RevocationItem(
                cert.certificate(),
                fixture.ca.revocationList(
                        List.of(new RevocationListEntry(
                                cert.certificate().getSerialNumber(), revokedAt, RevocationReason.KEY_COMPROMISE)),
                        BigInteger.ONE))));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fixture.trust.status(guard.keyId(), Instant.now())
                        instanceof io.liaison.kernel.trust.KeyStatus.Revoked);

        Envelope afterRevocation = sealer.seal(
                        SamplePayloads.sitrep("S-2", Instant.now()), MessageHeaders.of(Classification.CUI))
                .envelope();
        send("guard", afterRevocation);
        assertThat(awaitQuarantined(afterRevocation.getMessageId())).isEqualTo("KEY_REVOKED");
    }

    @Test
    void aPolicyVersionAppliesToTheNextMessageOnlyWhenItsApproversSignedIt() throws Exception {
        String tightened =
                fixture.policy.source().replace("community-notices-to-public", "community-notices-to-public-x");
        assertThat(tightened).isNotEqualTo(fixture.policy.source());
        var parsed = io.liaison.policy.PolicyLoader.parse("tightened.yaml", tightened);
        String before = policies.get().version();
        ChainLink link = policies.link().next(parsed.version());

        publisher.publishPolicy(PolicyProposal.of(
                "tightened.yaml",
                parsed,
                link,
                List.of(PolicyApproval.sign(fixture.agencies.get("cpd"), link, Instant.now()))));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> policies.refusals().containsKey(ChainDecision.Reason.QUORUM_NOT_MET));
        assertThat(policies.get().version())
                .as("one approval of two is refused")
                .isEqualTo(before);

        Envelope underOld = fixture.sealer("cpd")
                .seal(SamplePayloads.roadClosure("C-1", Instant.now()), MessageHeaders.of(Classification.UNCLASSIFIED))
                .envelope();
        send("cpd", underOld);
        awaitDelivered(underOld.getMessageId(), "public");

        publisher.publishPolicy(PolicyProposal.of(
                "tightened.yaml",
                parsed,
                link,
                List.of(
                        PolicyApproval.sign(fixture.agencies.get("cpd"), link, Instant.now()),
                        PolicyApproval.sign(fixture.agencies.get("oversight"), link, Instant.now()))));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> policies.get().version().equals(parsed.version()));

        Envelope underNew = fixture.sealer("cpd")
                .seal(SamplePayloads.roadClosure("C-2", Instant.now()), MessageHeaders.of(Classification.UNCLASSIFIED))
                .envelope();
        send("cpd", underNew);
        awaitDelivered(underNew.getMessageId(), "public");
        AuditRecord decision = sink.audit.stream()
                .filter(a -> underNew.getMessageId().equals(a.getMessageId()) && "public".equals(a.getRecipient()))
                .findFirst()
                .orElseThrow();
        assertThat(decision.getPolicyVersion()).isEqualTo(parsed.version());
        assertThat(decision.getRuleIds()).containsExactly("community-notices-to-public-x");
        assertThat(sink.audit.stream()
                        .filter(a -> underOld.getMessageId().equals(a.getMessageId()))
                        .map(AuditRecord::getPolicyVersion))
                .containsOnly(before);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
