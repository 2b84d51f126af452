package io.liaison.bench.pipeline;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.MerkleTree;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.streams.BackboneService;
import io.liaison.streams.EdgeSealing;
import io.liaison.streams.IngressRecord;
import io.liaison.streams.Outcome;
import io.liaison.streams.Output;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams baselines the backbone is measured against, on the same broker with the
 * backbone's Streams settings (exactly-once v2, its thread count, 100 ms commits), fed the very same
 * sealed records:
 * <ul>
 *   <li>{@link #passthrough}: copies each record to one output topic; the baseline;</li>
 *   <li>{@link #fanOut}: the backbone's <em>writes</em> without its work: per record, one update of
 *       a persistent, changelogged store (the replay guard), one copy of the record per delivery
 *       the policy grants it (to one topic per recipient), and one audit-sized record per
 *       recipient decision (to a one-partition audit topic), all in the same transaction. No
 *       decoding, signatures, policy or redaction: what Kafka itself costs for this fan-out, so
 *       {@code fan-out / passthrough} bounds the ratio any backbone writing these records can reach
 *       on the machine.</li>
 *   <li>{@link #sealedFanOut}: the fan-out floor plus the cryptography every message needs whatever
 *       the backbone decides ({@link SealedFloorKeys}), so {@code sealed floor / fan-out floor}
 *       bounds the floor ratio of any backbone that encrypts as this one must.</li>
 * </ul>
 */
final class BaselineApp implements AutoCloseable {
    /** On fan-out input records: how many copies the policy grants this record (one byte). */
    static final String DELIVERIES_HEADER = "liaison-bench-deliveries";

    private final KafkaStreams streams;

    /** Input topic (per publishing agency) and output topics of one baseline. */
    record TopicNames(String name, int partitions) {
        String input(String agency) {
            return "bench." + name + ".in." + agency;
        }

        Pattern inputs() {
            return Pattern.compile(Pattern.quote("bench." + name + ".in.") + ".+");
        }

        String copies(int recipient) {
            return "bench." + name + ".out." + recipient;
        }

        String audit() {
            return "bench." + name + ".audit";
        }

        /** The sealed floor's key topic of recipient {@code recipient}: compacted, like the backbone's. */
        String keys(int recipient) {
            return "bench." + name + ".keys." + recipient;
        }

        /** The publishing agency of one of {@link #inputs()}. */
        String agencyOf(String inputTopic) {
            return inputTopic.substring(("bench." + name + ".in.").length());
        }
    }

    /**
     * What the sealed floor does beyond the fan-out floor, with the backbone's own code and keys:
     * open each ingress record with the backbone's encryption key ({@link EdgeSealing#open}), sign
     * one Ed25519 signature over an RFC 6962 root of its copies (as an attestation batch signs), and
     * seal each copy to its recipient, its data key to that recipient's key topic
     * ({@link EdgeSealing#seal}). No decoding, verification, policy or redaction.
     *
     * @param edges       the backbone's sealing, with its decryption keys and the recipients' certificates
     * @param attestation the backbone's attestation key
     * @param recipients  the agency copy {@code r} is sealed to, by {@code r}
     */
    record SealedFloorKeys(EdgeSealing edges, SigningIdentity attestation, List<String> recipients) {
        SealedFloorKeys {
            Objects.requireNonNull(edges, "edges");
            Objects.requireNonNull(attestation, "attestation");
            recipients = List.copyOf(recipients);
        }
    }

    private BaselineApp(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Copies every record to {@code topics.copies(0)}. */
    static BaselineApp passthrough(
            Map<String, Object> client, TopicNames topics, Collection<String> agencies, Path stateDir, int threads) {
        createTopics(client, topics, agencies, 1, false, false);
        Topology topology = new Topology();
        topology.addSource(
                "in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topics.inputs());
        topology.addSink(
                "out",
                topics.copies(0),
                Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(),
                "in");
        return start(client, topics, topology, stateDir, threads);
    }

    /**
     * Per record: one store update, {@value #DELIVERIES_HEADER} copies (to recipients 0, 1, ...)
     * and {@code recipients} audit records of {@code auditBytes} each.
     */
    static BaselineApp fanOut(
            Map<String, Object> client,
            TopicNames topics,
            Collection<String> agencies,
            Path stateDir,
            int threads,
            int recipients,
            int auditBytes) {
        createTopics(client, topics, agencies, recipients, true, false);
        return start(
                client, topics, fanOutTopology(topics, recipients, auditBytes, Optional.empty()), stateDir, threads);
    }

    /** {@link #fanOut} with the cryptography of {@link SealedFloorKeys}, one recipient per key. */
    static BaselineApp sealedFanOut(
            Map<String, Object> client,
            TopicNames topics,
            Collection<String> agencies,
            Path stateDir,
            int threads,
            int auditBytes,
            SealedFloorKeys keys) {
        int recipients = keys.recipients().size();
        createTopics(client, topics, agencies, recipients, true, true);
        return start(
                client, topics, fanOutTopology(topics, recipients, auditBytes, Optional.of(keys)), stateDir, threads);
    }

    /** The floors' topology: with {@code keys}, the sealed floor's, whose copies each add a key record. */
    static Topology fanOutTopology(TopicNames topics, int recipients, int auditBytes, Optional<SealedFloorKeys> keys) {
        Topology topology = new Topology();
        topology.addSource(
                "in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topics.inputs());
        byte[] auditValue = new byte[auditBytes];
        topology.addProcessor("fan-out", () -> new FanOut(topics, recipients, auditValue, keys), "in");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FanOut.STORE), Serdes.ByteArray(), Serdes.Long()),
                "fan-out");
        for (int r = 0; r < recipients; r++) {
            topology.addSink(
                    FanOut.copies(r),
                    topics.copies(r),
                    Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer(),
                    "fan-out");
            if (keys.isPresent()) {
                topology.addSink(
                        FanOut.keys(r),
                        topics.keys(r),
                        Serdes.ByteArray().serializer(),
                        Serdes.ByteArray().serializer(),
                        "fan-out");
            }
        }
        topology.addSink(
                "audit",
                topics.audit(),
                Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(),
                "fan-out");
        return topology;
    }

    private static final class FanOut implements Processor<byte[], byte[], byte[], byte[]> {
        static final String STORE = "bench-fan-out-seen";
        private final TopicNames topics;
        private final int recipients;
        private final byte[] auditValue;
        private final Optional<SealedFloorKeys> keys;
        /** The sink of each topic {@link EdgeSealing#seal} names: recipient {@code r}'s inbox and key topic. */
        private final Map<String, String> sinkOfSealedTopic;

        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<byte[], Long> seen;

        FanOut(TopicNames topics, int recipients, byte[] auditValue, Optional<SealedFloorKeys> keys) {
            this.topics = topics;
            this.recipients = recipients;
            this.auditValue = auditValue;
            this.keys = keys;
            Map<String, String> sinks = new HashMap<>();
            keys.ifPresent(k -> {
                for (int r = 0; r < k.recipients().size(); r++) {
                    sinks.put(Topics.inbox(k.recipients().get(r)), copies(r));
                    sinks.put(Topics.keys(k.recipients().get(r)), keys(r));
                }
            });
            this.sinkOfSealedTopic = Map.copyOf(sinks);
        }

        static String copies(int recipient) {
            return "copies-" + recipient;
        }

        static String keys(int recipient) {
            return "keys-" + recipient;
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.seen = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            seen.put(record.key(), record.timestamp());
            Header header = record.headers().lastHeader(DELIVERIES_HEADER);
            int deliveries = header == null ? 0 : header.value()[0];
            if (keys.isPresent()) {
                sealed(record, deliveries, keys.get());
            } else {
                // a new record carries no headers: the copies drop the deliveries header
                Record<byte[], byte[]> copy = new Record<>(record.key(), record.value(), record.timestamp());
                for (int r = 0; r < deliveries; r++) {
                    context.forward(copy, copies(r));
                }
            }
            Record<byte[], byte[]> audit = new Record<>((byte[]) null, auditValue, record.timestamp());
            for (int r = 0; r < recipients; r++) {
                context.forward(audit, "audit");
            }
        }

        /** Opens the record, signs one root over its copies, and seals each copy with its key record. */
        private void sealed(Record<byte[], byte[]> record, int deliveries, SealedFloorKeys with) {
            String sender =
                    topics.agencyOf(context.recordMetadata().orElseThrow().topic());
            IngressRecord arrived = new IngressRecord(Topics.ingress(sender), 0, 0L, record.key(), record.value());
            // open() hands an empty or oversized record on as it came, for the backbone to refuse by size
            if (!(with.edges().open(arrived) instanceof EdgeSealing.Ingress.Process opened)
                    || opened.record().value() == arrived.value()) {
                throw new IllegalStateException("the sealed floor could not open a record from " + sender);
            }
            byte[] plaintext = opened.record().value();
            String messageId = new String(record.key(), StandardCharsets.UTF_8);
            // a leaf per copy, as the attestation tree has one per recipient slot
            List<byte[]> leaves = new ArrayList<>();
            for (int r = 0; r < deliveries; r++) {
                leaves.add(MerkleTree.leafHash(plaintext));
            }
            // each copy carries the signature, as each attested copy carries its attestation
            byte[] signature =
                    deliveries == 0 ? new byte[0] : with.attestation().sign(MerkleTree.root(leaves));
            byte[] copy = Arrays.copyOf(plaintext, plaintext.length + signature.length);
            System.arraycopy(signature, 0, copy, plaintext.length, signature.length);
            List<Output> copies = new ArrayList<>();
            for (int r = 0; r < deliveries; r++) {
                copies.add(new Output(Topics.inbox(with.recipients().get(r)), messageId, copy));
            }
            Outcome.Disseminated outcome = new Outcome.Disseminated(messageId, sender, "", copies, List.of());
            for (Output sealed : with.edges().seal(arrived, outcome)) {
                context.forward(
                        new Record<>(sealed.key().getBytes(StandardCharsets.UTF_8), sealed.value(), record.timestamp()),
                        sinkOfSealedTopic.get(sealed.topic()));
            }
        }
    }

    private static void createTopics(
            Map<String, Object> client,
            TopicNames topics,
            Collection<String> agencies,
            int outputs,
            boolean audit,
            boolean keyTopics) {
        try (Admin admin = Admin.create(client)) {
            List<NewTopic> all = new ArrayList<>();
            // replicated as the broker's default, like the backbone's topics: once on one node, three times on a
            // cluster
            agencies.forEach(
                    a -> all.add(new NewTopic(topics.input(a), Optional.of(topics.partitions()), Optional.empty())));
            for (int r = 0; r < outputs; r++) {
                all.add(new NewTopic(topics.copies(r), Optional.of(topics.partitions()), Optional.empty()));
            }
            if (keyTopics) {
                for (int r = 0; r < outputs; r++) {
                    all.add(new NewTopic(topics.keys(r), Optional.of(topics.partitions()), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
                }
            }
            if (audit) {
                // like the backbone's audit topic: one total order
                all.add(new NewTopic(topics.audit(), Optional.of(1), Optional.empty()));
            }
            admin.createTopics(all).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the " + topics.name() + " topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create the " + topics.name() + " topics: "
                            + e.getCause().getMessage(),
                    e);
        }
    }

    /** Starts with the backbone's Streams settings and {@code threads} stream threads; returns once the app is RUNNING. */
    private static BaselineApp start(
            Map<String, Object> client, TopicNames topics, Topology topology, Path stateDir, int threads) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "liaison-bench-" + topics.name());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.putAll(BackboneService.processingSettings());
        KafkaStreams streams = new KafkaStreams(topology, p);
        streams.start();
        BaselineApp app = new BaselineApp(streams);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline
                    || !streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
                app.close();
                throw new IllegalStateException(
                        "the " + topics.name() + " app did not reach RUNNING (state " + streams.state() + ")");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        return app;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
