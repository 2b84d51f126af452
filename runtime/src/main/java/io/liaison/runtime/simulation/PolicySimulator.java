package io.liaison.runtime.simulation;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.policy.Policy;
import io.liaison.policy.redaction.Redactor;
import io.liaison.policy.simulation.Decided;
import io.liaison.policy.simulation.PolicySimulation;
import io.liaison.policy.simulation.SimulationReport;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.SchemaRegistryClient;
import io.liaison.runtime.audit.TopicReader;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditFieldAction;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.streams.Backbone;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.EdgeSealing;
import io.liaison.streams.IngressRecord;
import io.liaison.streams.Outcome;
import io.liaison.streams.Output;
import io.liaison.streams.ReplayGuard;
import io.liaison.streams.TransientFailure;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * {@code liaison policy simulate}: re-decides the retained ingress traffic with the backbone's own
 * decision logic ({@link Backbone#process}, the same verification, engine and redactor) once under
 * the policy in force and once under a candidate, each at the record's log-append time, and counts
 * what would change. It needs what the backbone needs to read ingress (the backbone's Kafka login
 * and encryption key), and nothing else: the copies it makes are signed with a throwaway key,
 * pseudonyms use a throwaway secret (only the actions are compared), and nothing is written.
 */
public final class PolicySimulator {
    private static final String COMPONENT = "liaison-policy-simulation";

    private final TrustStore trust;
    private final DecryptionKeys backboneKeys;
    private final AvroCodec codec;

    /**
     * @param trust        the agencies' certificates, as the backbone verifies senders
     * @param backboneKeys the backbone's encryption keys, which open ingress
     * @param registry     the schema registry (only read)
     */
    public PolicySimulator(TrustStore trust, DecryptionKeys backboneKeys, SchemaRegistryClient registry) {
        this.trust = trust;
        this.backboneKeys = backboneKeys;
        this.codec = new AvroCodec(new OverlayRegistry(registry), true);
    }

    /**
     * Re-decides every committed ingress record of the current policy's agencies appended at or
     * after {@code since}.
     *
     * @param consumerProperties bootstrap servers and the backbone's login ({@link TopicReader#consumerProperties})
     * @throws IllegalStateException when a record cannot be decided (the registry or a key is missing)
     */
    public SimulationReport simulate(Policy current, Policy candidate, Instant since, Properties consumerProperties) {
        PolicySimulation simulation = new PolicySimulation(current.version(), candidate.version(), since);
        for (String agency : new TreeSet<>(current.agencies())) {
            String topic = Topics.ingress(agency);
            int partitions;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
                partitions = TopicReader.partitionCount(consumer, topic);
            }
            if (partitions == 0) {
                continue; // an agency of the policy whose ingress was never created sent nothing
            }
            Decisions decisions = new Decisions(current, candidate, partitions);
            TopicReader.readAll(
                    consumerProperties,
                    topic,
                    record -> {
                        if (!Instant.ofEpochMilli(record.timestamp()).isBefore(since)) {
                            decisions.add(record, simulation);
                        }
                    },
                    (read, total) -> {});
        }
        return simulation.report();
    }

    /** Both policies' backbones for one ingress topic, each with its own replay memory. */
    private final class Decisions {
        private final MovableClock clock = new MovableClock();
        private final EdgeSealing sealing;
        private final Backbone current;
        private final Backbone candidate;
        private final MemoryReplayGuard currentReplay;
        private final MemoryReplayGuard candidateReplay;

        Decisions(Policy currentPolicy, Policy candidatePolicy, int partitions) {
            BackboneSettings settings = BackboneSettings.defaults(COMPONENT).withIngressPartitions(partitions);
            SecureRandom random = new SecureRandom();
            SigningIdentity throwaway = new SigningIdentity(COMPONENT, "simulation", (Ed25519PrivateKeyParameters)
                    Ed25519.generate(random).getPrivate());
            byte[] pseudonymSecret = new byte[32];
            random.nextBytes(pseudonymSecret);
            Redactor redactor = new Redactor(pseudonymSecret, Redactor.DEFAULT_PSEUDONYM_PERIOD, clock);
            sealing = new EdgeSealing(backboneKeys, trust, codec, clock, settings);
            current = new Backbone(trust, () -> currentPolicy, redactor, throwaway, codec, clock, settings);
            candidate = new Backbone(trust, () -> candidatePolicy, redactor, throwaway, codec, clock, settings);
            currentReplay = new MemoryReplayGuard(settings.replayWindow(), clock);
            candidateReplay = new MemoryReplayGuard(settings.replayWindow(), clock);
        }

        void add(ConsumerRecord<byte[], byte[]> record, PolicySimulation simulation) {
            clock.set(Instant.ofEpochMilli(record.timestamp()));
            IngressRecord arrived = new IngressRecord(
                    record.topic(), record.partition(), record.offset(), record.key(), record.value());
            try {
                if (sealing.open(arrived) instanceof EdgeSealing.Ingress.Process opened) {
                    simulation.add(
                            decided(arrived, current.process(opened.record(), currentReplay)),
                            decided(arrived, candidate.process(opened.record(), candidateReplay)));
                } else {
                    simulation.addUnchanged(); // refused unopened under either policy
                }
            } catch (TransientFailure e) {
                throw new IllegalStateException(
                        "cannot re-decide " + record.topic() + "-" + record.partition() + "@" + record.offset() + ": "
                                + e.getMessage(),
                        e);
            }
        }
    }

    private Decided decided(IngressRecord in, Outcome outcome) {
        List<AuditRecord> audits = new ArrayList<>();
        for (Output output : outcome.outputs()) {
            if (output.topic().equals(Topics.AUDIT)) {
                audits.add(codec.decodeSpecific(output.value(), AuditRecord.class));
            }
        }
        AuditRecord first = audits.get(0);
        String messageId = first.getMessageId() != null
                ? first.getMessageId()
                : in.topic() + "-" + in.partition() + "@" + in.offset();
        String sender = Topics.ingressOwner(in.topic());
        String type = first.getMessageType() == null ? "" : first.getMessageType();
        if (outcome instanceof Outcome.Quarantined q) {
            return new Decided(messageId, sender, type, Optional.of(q.reasonCode()), List.of());
        }
        List<Decided.Copy> copies = audits.stream()
                .map(a -> new Decided.Copy(
                        a.getRecipient(),
                        a.getDecision() == AuditDecision.DELIVERED,
                        a.getPurpose() == null ? "" : a.getPurpose(),
                        a.getRuleIds().isEmpty() ? "" : a.getRuleIds().get(0),
                        a.getFieldActions().stream()
                                .collect(Collectors.toMap(AuditFieldAction::getPath, AuditFieldAction::getAction))))
                .toList();
        return new Decided(messageId, sender, type, Optional.empty(), copies);
    }

    /** The clock the simulated backbones read: each record's log-append time in turn. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.EPOCH;

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }
    }

    /** The replay store of one simulated backbone, in memory, with the live window. */
    private static final class MemoryReplayGuard implements ReplayGuard {
        private final Map<String, Instant> accepted = new HashMap<>();
        private final Duration window;
        private final Clock clock;

        MemoryReplayGuard(Duration window, Clock clock) {
            this.window = window;
            this.clock = clock;
        }

        @Override
        public boolean seen(String key) {
            Instant at = accepted.get(key);
            return at != null && at.plus(window).isAfter(clock.instant());
        }

        @Override
        public void remember(String key, Instant at) {
            accepted.put(key, at);
        }
    }
}
