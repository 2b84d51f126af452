package io.liaison.bench;

import io.liaison.bench.pipeline.MessageMix;
import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.DecryptionKeyFiles;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.SigningIdentities;
import io.liaison.pki.TrustAnchor;
import io.liaison.pki.Validity;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.redaction.Redactor;
import io.liaison.producer.IngressSealer;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.MessageSealer;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.InMemorySchemaRegistryClient;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.payload.CommunityNotice;
import io.liaison.schemas.samples.SamplePayloads;
import io.liaison.streams.Backbone;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.EdgeSealing;
import io.liaison.streams.IngressRecord;
import io.liaison.streams.ReplayGuard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * The backbone as the Streams app builds it, minus Kafka: a real CA and certificates, the example
 * policy ({@code -Dliaison.policy=...}, default {@code config/policy.yaml} from the repository
 * root), the in-memory registry, and a clock fixed at the messages' creation time so a long run
 * never drifts into the clock-skew check.
 */
final class BenchFixture {
    /** The agencies of the example policy; every message is decided for the four that did not send it. */
    static final List<String> AGENCIES = List.of("cpd", "ice", "guard", "oversight", "public");
    /** Replays are the state store's business, measured end to end; here every id is new. */
    static final ReplayGuard NO_REPLAYS = new ReplayGuard() {
        @Override
        public boolean seen(String key) {
            return false;
        }

        @Override
        public void remember(String key, Instant at) {}
    };

    /** Inside the certificates' validity, which starts on a whole minute. */
    final Instant now = Instant.now().plus(Duration.ofHours(1));

    final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    final TrustStore trust = new TrustStore();
    final Map<String, SigningIdentity> agencies = new HashMap<>();
    final SigningIdentity backboneKey;
    /** The backbone's X25519 key, which opens ingress; every agency's public one is in {@link #trust}. */
    final DecryptionKeys backboneEncryption;

    final Policy policy;
    final AvroCodec codec = new AvroCodec(new InMemorySchemaRegistryClient(), true);
    /** One partition per ingress topic, so every message id routes to partition 0. */
    private final BackboneSettings settings = BackboneSettings.defaults("bench").withIngressPartitions(1);

    private final CertificateAuthority ca;
    private final TrustAnchor anchor;

    BenchFixture() {
        try {
            policy = PolicyLoader.load(Path.of(System.getProperty("liaison.policy", "config/policy.yaml")));
        } catch (PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        SecureRandom random = new SecureRandom();
        IssuedCertificate root = CertificateAuthority.createRoot(
                "Bench Root", Validity.starting(Clock.systemUTC(), Duration.ofDays(10)), random);
        ca = CertificateAuthority.of(root.certificate(), root.privateKey(), Clock.systemUTC(), random);
        anchor = TrustAnchor.of(root.certificate());
        for (String agency : AGENCIES) {
            agencies.put(agency, issue(agency, KeyRole.AGENCY_SIGNING));
        }
        backboneKey = issue(CertificateProfiles.BACKBONE_OWNER, KeyRole.BACKBONE_ATTESTATION);
        for (String agency : AGENCIES) {
            issueEncryption(agency, EncryptionRole.AGENCY);
        }
        IssuedCertificate backbone = issueEncryption(CertificateProfiles.BACKBONE_OWNER, EncryptionRole.BACKBONE);
        backboneEncryption = DecryptionKeys.of(
                CertificateProfiles.BACKBONE_OWNER,
                List.of(DecryptionKeyFiles.of(backbone.privateKey(), backbone.certificate())));
    }

    private IssuedCertificate issueEncryption(String owner, EncryptionRole role) {
        IssuedCertificate cert =
                ca.issueEncryption(owner, role, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        trust.add(anchor.encryptionKey(cert.certificate()));
        return cert;
    }

    private SigningIdentity issue(String owner, KeyRole role) {
        IssuedCertificate cert = ca.issueSigning(owner, role, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        trust.add(anchor.trustedKey(cert.certificate()));
        return SigningIdentities.of(cert.privateKey(), cert.certificate());
    }

    Backbone backbone() {
        return new Backbone(
                trust,
                () -> policy,
                new Redactor(new byte[32], Redactor.DEFAULT_PSEUDONYM_PERIOD, clock),
                backboneKey,
                codec,
                clock,
                settings);
    }

    /** What the topology does around {@link #backbone()}: open ingress, seal copies to their recipients. */
    EdgeSealing edges() {
        return new EdgeSealing(backboneEncryption, trust, codec, clock, settings);
    }

    MessageSealer sealer(String agency) {
        return new MessageSealer(agencies.get(agency), codec, clock, 512 * 1024);
    }

    /** The ingress record a gateway would have written for {@code envelope}. */
    IngressRecord ingress(Envelope envelope) {
        String topic = Topics.ingress(envelope.getSenderAgency());
        return new IngressRecord(
                topic,
                0,
                0L,
                envelope.getMessageId().getBytes(StandardCharsets.UTF_8),
                codec.encode(topic + "-value", envelope));
    }

    /** {@code plain} as its gateway writes it: sealed to the backbone's key. */
    IngressRecord sealedToBackbone(IngressRecord plain, String messageType) {
        String agency = Topics.ingressOwner(plain.topic());
        String messageId = new String(plain.key(), StandardCharsets.UTF_8);
        byte[] sealed = new IngressSealer(trust, clock).seal(agency, messageId, messageType, plain.value());
        return new IngressRecord(plain.topic(), plain.partition(), plain.offset(), plain.key(), sealed);
    }

    /** A message of ~1 KB and how it is published; each kind reaches a different number of recipients. */
    record Sample(String sender, GenericRecord payload, MessageHeaders headers) {}

    Sample sample(String kind) {
        return switch (kind) {
            // cpd -> ice (task force) and oversight; guard and public are denied
            case "IncidentReport" ->
                new Sample(
                        "cpd",
                        SamplePayloads.shotsFiredReport("CPD-26-114871", now),
                        MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"));
            // cpd -> guard, ice and oversight (no personal data); public is denied
            case "SituationReport" ->
                new Sample("cpd", SamplePayloads.sitrep("CPD-SITREP-3", now), MessageHeaders.of(Classification.CUI));
            // cpd -> all four: ice, guard, public and oversight
            case "CommunityNotice" -> new Sample("cpd", longNotice(), MessageHeaders.of(Classification.UNCLASSIFIED));
            default -> throw new IllegalArgumentException("unknown sample kind " + kind);
        };
    }

    /** The road-closure notice with a body long enough for a ~1 KB payload. */
    private CommunityNotice longNotice() {
        CommunityNotice notice = SamplePayloads.roadClosure("CPD-CN-12", now);
        notice.setBody(String.valueOf(notice.getBody()).repeat(11));
        return notice;
    }

    /** One message sealed alone, and the same message as member 5 of a Merkle batch of 64. */
    Envelope sealSingle(Sample s) {
        return sealer(s.sender()).seal(s.payload(), s.headers()).envelope();
    }

    Envelope sealBatchMember(Sample s) {
        List<GenericRecord> payloads = Collections.nCopies(64, s.payload());
        return sealer(s.sender()).sealBatch(payloads, s.headers()).get(5);
    }

    /** Varied text appended to each message of {@link #sealDistinctBatch}: a sentence and a half, with a name, a phone and an address. */
    private static final int VARIED_TEXT_CHARS = 120;

    /**
     * {@code count} messages of {@code kind}, sealed as one Merkle batch as a gateway seals them:
     * each the sample with a varied sentence of its own appended to its free text, as every message
     * of the pipeline bench has ({@link MessageMix#withVariedText}), so redaction's recognisers
     * cannot answer from their cache of recently seen texts.
     */
    List<Envelope> sealDistinctBatch(String kind, int count) {
        Sample s = sample(kind);
        List<GenericRecord> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            payloads.add(MessageMix.withVariedText(sample(kind).payload(), i, VARIED_TEXT_CHARS));
        }
        return sealer(s.sender()).sealBatch(payloads, s.headers());
    }
}
