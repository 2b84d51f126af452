package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.ControlPlanePublisher;
import io.liaison.controlplane.ControlPlaneStartException;
import io.liaison.controlplane.PolicyHolder;
import io.liaison.embedded.TempDirs;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.BrokerSecurity;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.kernel.trust.TrustedKey;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.PemFiles;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.RevocationListEntry;
import io.liaison.pki.RevocationReason;
import io.liaison.pki.SigningIdentities;
import io.liaison.pki.TrustItem;
import io.liaison.pki.TrustItems;
import io.liaison.pki.Validity;
import io.liaison.policy.ChainDecision;
import io.liaison.policy.ChainLink;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyApproval;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.PolicyProposal;
import io.liaison.policy.redaction.Redactor;
import io.liaison.producer.MessageHeaders;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.samples.SamplePayloads;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.bc.BcEdECContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the control plane, on a broker of its own (real KRaft, so the policy topic's
 * LogAppendTime and the trust topic's keys are the broker's) with the Streams backbone running:
 * an insider or broker operator who can append to the {@code policy} and {@code trust} topics,
 * and a single approver. Every restart here is a new follower reading both topics from the start
 * with only the keys a PKI directory would give it, as {@code liaison backbone run} does. The broker
 * runs as production does (SASL_SSL with its own CA, SCRAM, ACLs); every client here logs in as its
 * super user over TLS.
 */
class ControlPlaneAttackIT {
    private static final List<String> AGENCIES = List.of("cpd", "ice", "guard", "oversight", "public");
    /** Long enough for a test to see the follower report itself not ready while it backs off. */
    private static final Duration BACKOFF = Duration.ofSeconds(3);

    private static EmbeddedKafkaBroker broker;
    private static TestBackbone fixture;
    private static List<TrustedKey> startingKeys;
    private static Admin admin;
    private static PolicyHolder policies;
    private static ControlPlane controlPlane;
    private static ControlPlanePublisher publisher;
    private static BackboneService service;
    private static KafkaProducer<String, byte[]> raw;
    private static KafkaConsumer<byte[], byte[]> audit;
    private static final List<AuditRecord> auditRecords = new ArrayList<>();

    @BeforeAll
    static void start() {
        Path dir = TempDirs.create("control-plane-attack-");
        broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(
                dir.resolve("kafka"),
                BrokerSecurity.ensure(
                        PkiDirectory.at(dir.resolve("pki")),
                        CredentialStore.at(dir.resolve("secrets")),
                        Clock.systemUTC())));
        String bootstrap = broker.bootstrapServers();
        Map<String, String> login = broker.adminConnection().properties();
        fixture = new TestBackbone(SharedApicurio.get().client());
        startingKeys = List.copyOf(fixture.trust.keys());
        admin = Admin.create(broker.adminClientProperties());
        new ClusterAdmin(admin, Duration.ofSeconds(30))
                .ensureTopics(TopicPlan.embedded().topics(AGENCIES));
        publisher = new ControlPlanePublisher(bootstrap, new HashMap<>(login));
        publisher.publishPolicy(PolicyProposal.genesis("policy.yaml", fixture.policy));
        policies = new PolicyHolder(fixture.policy, fixture.trust);
        controlPlane = new ControlPlane(
                        bootstrap, new HashMap<>(login), fixture.trust, fixture.anchor, policies, BACKOFF)
                .start(Duration.ofSeconds(30));
        Backbone backbone = new Backbone(
                fixture.trust,
                policies,
                new Redactor(new byte[32], Redactor.DEFAULT_PSEUDONYM_PERIOD, Clock.systemUTC()),
                fixture.backboneKey,
                fixture.codec,
                Clock.systemUTC(),
                BackboneSettings.defaults("control-plane-attack-it"));
        service = BackboneService.start(
                new StreamsAppConfig(
                        "control-plane-attack-it",
                        bootstrap,
                        TempDirs.create("control-plane-attack-it-"),
                        1,
                        (short) 1,
                        login),
                backbone,
                fixture.sealing(),
                BackboneSettings.defaults("control-plane-attack-it"),
                admin,
                controlPlane::health);
        await().atMost(Duration.ofSeconds(60)).until(service::isReady);
        Map<String, Object> producer = broker.adminClientProperties();
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        raw = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> committed = broker.adminClientProperties();
        committed.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        audit = new KafkaConsumer<>(committed, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        audit.assign(List.of(new TopicPartition(Topics.AUDIT, 0)));
        audit.seekToBeginning(List.of(new TopicPartition(Topics.AUDIT, 0)));
    }

    @AfterAll
    static void stop() {
        audit.close();
        raw.close();
        service.close();
        controlPlane.close();
        publisher.close();
        admin.close();
        broker.close();
    }

    // (a) rollback

    @Test
    void reAppendingAnOlderApprovedPolicyRecordIsRefusedAsAReplayAndTheBackboneKeepsTheCurrentVersion() {
        Policy first = variant("rollback-1");
        Policy second = variant("rollback-2");
        PolicyProposal older = approvedSuccessor(first, "cpd", "oversight");
        publishAndAwaitHead(older);
        PolicyProposal current = approvedSuccessor(second, "cpd", "oversight");
        publishAndAwaitHead(current);
        long replaysBefore = refusals(policies, ChainDecision.Reason.REPLAYED);

        publisher.publishPolicy(older); // the same bytes, approvals and all, appended again

        await().atMost(Duration.ofSeconds(30))
                .until(() -> refusals(policies, ChainDecision.Reason.REPLAYED) > replaysBefore);
        assertThat(policies.link()).isEqualTo(current.link());
        Envelope afterwards = fixture.sealer("cpd")
                .seal(
                        SamplePayloads.roadClosure("RB-" + UUID.randomUUID(), Instant.now()),
                        MessageHeaders.of(Classification.UNCLASSIFIED))
                .envelope();
        send(afterwards);
        AuditRecord toPublic = awaitDelivered(afterwards.getMessageId(), "public");
        assertThat(toPublic.getPolicyVersion()).isEqualTo(second.version());
        assertThat(toPublic.getRuleIds()).containsExactly("community-notices-to-public-rollback-2");
        assertThat(restart(fixture.policy).policy().link())
                .as("a restart reads the replay too")
                .isEqualTo(current.link());
    }

    // (b) one agency for the quorum of two

    @Test
    void aVersionSignedWithOnlyOneAgencysKeyIsRefusedWhenTheQuorumNeedsTwo() {
        ChainLink before = policies.link();
        Policy candidate = variant("one-key");
        ChainLink link = before.next(candidate.version());
        SigningIdentity cpd = fixture.agencies.get("cpd");
        SigningIdentity cpdClaimingOversight = new SigningIdentity("oversight", cpd.keyId(), cpd.privateKey());
        long refusedBefore = refusals(policies, ChainDecision.Reason.QUORUM_NOT_MET);

        publisher.publishPolicy(PolicyProposal.of(
                "one-key.yaml",
                candidate,
                link,
                List.of(
                        PolicyApproval.sign(cpd, link, Instant.now()),
                        PolicyApproval.sign(cpdClaimingOversight, link, Instant.now()))));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> refusals(policies, ChainDecision.Reason.QUORUM_NOT_MET) > refusedBefore);
        assertThat(policies.link()).isEqualTo(before);
        assertThat(restart(fixture.policy).policy().link()).isEqualTo(before);
    }

    // (c) keys judged at approval (append) time

    @Test
    void aRestartAfterTheApproversKeysWereRotatedAndExpiredStillAcceptsTheHistoricChainAndEndsOnTheSameVersion() {
        IssuedCertificate cpdShortLived = fixture.ca.issueSigning(
                "cpd", KeyRole.AGENCY_SIGNING, Validity.of(Instant.now().minusSeconds(1), Duration.ofSeconds(15)));
        IssuedCertificate oversightToRotate = fixture.ca.issueSigning(
                "oversight", KeyRole.AGENCY_SIGNING, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        publisher.publishTrust(List.of(
                new TrustItem.CertificateItem(cpdShortLived.certificate()),
                new TrustItem.CertificateItem(oversightToRotate.certificate())));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fixture.trust.key(oversightToRotate.keyId()).isPresent()
                        && fixture.trust.key(cpdShortLived.keyId()).isPresent());
        Policy candidate = variant("rotated-keys");
        ChainLink link = policies.link().next(candidate.version());
        publishAndAwaitHead(PolicyProposal.of(
                "rotated-keys.yaml",
                candidate,
                link,
                List.of(
                        PolicyApproval.sign(identity(cpdShortLived), link, Instant.now()),
                        PolicyApproval.sign(identity(oversightToRotate), link, Instant.now()))));

        // Revocation times are whole seconds: the next one is after the append, as a rotation following an approval is.
        Instant rotatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        publisher.publishTrust(List.of(revocation(oversightToRotate, rotatedAt, RevocationReason.SUPERSEDED)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Instant.now()
                                .isAfter(cpdShortLived
                                        .certificate()
                                        .getNotAfter()
                                        .toInstant())
                        && Instant.now().isAfter(rotatedAt));
        Restarted restarted = restart(fixture.policy);

        assertThat(restarted.trust().status(oversightToRotate.keyId(), Instant.now()))
                .isInstanceOf(KeyStatus.Revoked.class);
        assertThat(restarted.trust().status(cpdShortLived.keyId(), Instant.now()))
                .isInstanceOf(KeyStatus.OutsideValidity.class);
        assertThat(restarted.policy().link()).isEqualTo(link).isEqualTo(policies.link());
        assertThat(restarted.policy().get().version()).isEqualTo(candidate.version());
    }

    // (d) pinned genesis

    @Test
    void aBackbonePinnedToAnotherGenesisThanTheTopicsChainRefusesToStartAndSaysWhy() {
        Policy otherGenesis = variant("other-genesis");

        assertThatThrownBy(() -> restart(otherGenesis))
                .isInstanceOf(ControlPlaneStartException.class)
                .hasMessage(
                        "policy record at offset 0 cannot be followed from the pinned genesis, GENESIS_MISMATCH: the policy topic's "
                                + "chain starts at " + fixture.policy.version() + ", but the pinned genesis is "
                                + otherGenesis.version());
    }

    // (e) revocations are monotonic

    @Test
    void republishingARevokedKeysCertificateDoesNotUnRevokeItLiveAfterARestartOrAfterCompaction() {
        IssuedCertificate guard = fixture.ca.issueSigning(
                "guard", KeyRole.AGENCY_SIGNING, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        TrustItem certificate = new TrustItem.CertificateItem(guard.certificate());
        publisher.publishTrust(List.of(certificate));
        publisher.publishTrust(
                List.of(revocation(guard, Instant.now().minusSeconds(1), RevocationReason.KEY_COMPROMISE)));
        await().atMost(Duration.ofSeconds(30)).until(() -> revoked(fixture.trust, guard));
        long handled = controlPlane.applied();

        publisher.publishTrust(List.of(certificate));

        await().atMost(Duration.ofSeconds(30)).until(() -> controlPlane.applied() > handled);
        assertThat(revoked(fixture.trust, guard)).as("live").isTrue();
        assertThat(revoked(restart(fixture.policy).trust(), guard))
                .as("after a restart")
                .isTrue();
        Map<String, byte[]> compacted = latestPerKey(Topics.TRUST);
        assertThat(compacted).containsKeys(guard.keyId(), "revoked:" + guard.keyId());
        TrustStore afterCompaction = new TrustStore();
        compacted.values().forEach(v -> TrustItems.apply(TrustItems.decode(v), fixture.anchor, afterCompaction));
        assertThat(revoked(afterCompaction, guard))
                .as("from what compaction keeps")
                .isTrue();
    }

    // (f) the follower survives a poison record

    @Test
    void aPoisonRecordOnTheTrustTopicDoesNotStopTheFollowerWhichReportsTroubleAndStillAppliesLaterRevocations() {
        long failuresBefore = controlPlane.health().failures();
        IssuedCertificate ice = fixture.ca.issueSigning(
                "ice", KeyRole.AGENCY_SIGNING, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        publisher.publishTrust(List.of(new TrustItem.CertificateItem(ice.certificate())));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fixture.trust.key(ice.keyId()).isPresent());

        send(Topics.TRUST, "poison", poison());

        AtomicReference<ControlPlane.Health> troubled = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            troubled.set(controlPlane.health());
            return !troubled.get().ready() && !service.isReady();
        });
        assertThat(troubled.get().failures()).isGreaterThan(failuresBefore);
        assertThat(troubled.get().status())
                .startsWith("trust record at offset ")
                .contains("could not be applied and was skipped");
        await().atMost(Duration.ofSeconds(30)).until(() -> controlPlane.health().ready() && service.isReady());
        publisher.publishTrust(
                List.of(revocation(ice, Instant.now().minusSeconds(1), RevocationReason.KEY_COMPROMISE)));
        await().atMost(Duration.ofSeconds(30)).until(() -> revoked(fixture.trust, ice));
        assertThat(controlPlane.health())
                .isEqualTo(new ControlPlane.Health(
                        true, "following trust and policy", troubled.get().failures()));
    }

    private record Restarted(PolicyHolder policy, TrustStore trust) {}

    /** A new follower pinned to {@code genesis}, with only the keys the backbone started with, reading both topics from the start. */
    private static Restarted restart(Policy genesis) {
        TrustStore trust = new TrustStore();
        startingKeys.forEach(trust::add);
        PolicyHolder holder = new PolicyHolder(genesis, trust);
        try (ControlPlane ignored = new ControlPlane(
                        broker.bootstrapServers(),
                        new HashMap<>(broker.adminConnection().properties()),
                        trust,
                        fixture.anchor,
                        holder)
                .start(Duration.ofSeconds(30))) {
            return new Restarted(holder, trust);
        }
    }

    /** The genesis with its public-notices rule renamed: a new version whose decisions name it. */
    private static Policy variant(String tag) {
        try {
            return PolicyLoader.parse(
                    tag + ".yaml",
                    fixture.policy
                            .source()
                            .replace("community-notices-to-public", "community-notices-to-public-" + tag));
        } catch (PolicyException e) {
            throw new AssertionError(e);
        }
    }

    private static PolicyProposal approvedSuccessor(Policy candidate, String... approvers) {
        ChainLink link = policies.link().next(candidate.version());
        List<PolicyApproval> approvals = new ArrayList<>();
        for (String approver : approvers) {
            approvals.add(PolicyApproval.sign(fixture.agencies.get(approver), link, Instant.now()));
        }
        return PolicyProposal.of(candidate.sourceName(), candidate, link, approvals);
    }

    private static void publishAndAwaitHead(PolicyProposal proposal) {
        publisher.publishPolicy(proposal);
        await().atMost(Duration.ofSeconds(30)).until(() -> policies.link().equals(proposal.link()));
    }

    private static long refusals(PolicyHolder holder, ChainDecision.Reason reason) {
        return holder.refusals().getOrDefault(reason, 0L);
    }

    private static SigningIdentity identity(IssuedCertificate cert) {
        return SigningIdentities.of(cert.privateKey(), cert.certificate());
    }

    private static TrustItem revocation(IssuedCertificate cert, Instant at, RevocationReason reason) {
        return new TrustItem.RevocationItem(
                cert.certificate(),
                fixture.ca.revocationList(
                        List.of(new RevocationListEntry(cert.certificate().getSerialNumber(), at, reason)),
                        BigInteger.ONE));
    }

    private static boolean revoked(TrustStore trust, IssuedCertificate cert) {
        return trust.status(cert.keyId(), Instant.now()) instanceof KeyStatus.Revoked;
    }

    /** The latest value of each key: what compaction of the topic keeps. */
    private static Map<String, byte[]> latestPerKey(String topic) {
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                broker.adminClientProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!"poison".equals(r.key())) {
                        latest.put(r.key(), r.value());
                    }
                }
            }
        }
        return latest;
    }

    /**
     * A certificate whose basicConstraints extension holds an INTEGER instead of a SEQUENCE: it parses
     * as PEM, then breaks the X.509 decoder with an exception that is not a trust refusal.
     */
    private static byte[] poison() {
        try {
            AsymmetricCipherKeyPair pair = Ed25519.generate(new SecureRandom());
            X500Name name = new X500Name("CN=poison");
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                            name,
                            BigInteger.ONE,
                            Date.from(Instant.now()),
                            Date.from(Instant.now().plusSeconds(3600)),
                            name,
                            SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()))
                    .addExtension(Extension.basicConstraints, true, new ASN1Integer(5));
            X509CertificateHolder cert = builder.build(
                    new BcEdECContentSignerBuilder(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519))
                            .build((Ed25519PrivateKeyParameters) pair.getPrivate()));
            return PemFiles.toPem(cert).getBytes(StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(Envelope e) {
        send(Topics.ingress("cpd"), e.getMessageId(), fixture.ingressValue(e));
    }

    private static void send(String topic, String key, byte[] value) {
        try {
            raw.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuditRecord awaitDelivered(String messageId, String recipient) {
        AtomicReference<AuditRecord> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            audit.poll(Duration.ofMillis(200))
                    .forEach(r -> auditRecords.add(fixture.codec.decodeSpecific(r.value(), AuditRecord.class)));
            auditRecords.stream()
                    .filter(a -> messageId.equals(a.getMessageId())
                            && recipient.equals(a.getRecipient())
                            && a.getDecision() == AuditDecision.DELIVERED)
                    .findFirst()
                    .ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }
}
