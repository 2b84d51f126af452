package io.liaison.bench.pipeline;

import io.liaison.streams.BackboneService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
    }

    private BaselineApp(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Copies every record to {@code topics.copies(0)}. */
    static BaselineApp passthrough(
            Map<String, Object> client, TopicNames topics, Collection<String> agencies, Path stateDir, int threads) {
        createTopics(client, topics, agencies, 1, false);
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
        createTopics(client, topics, agencies, recipients, true);
        Topology topology = new Topology();
        topology.addSource(
                "in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topics.inputs());
        byte[] auditValue = new byte[auditBytes];
        topology.addProcessor("fan-out", () -> new FanOut(recipients, auditValue), "in");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FanOut.STORE), Serdes.ByteArray(), Serdes.Long()),
                "fan-out");
        for (int r = 0; r < recipients; r++) {
            topology.addSink(
                    "copies-" + r,
                    topics.copies(r),
                    Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer(),
                    "fan-out");
        }
        topology.addSink(
                "audit",
                topics.audit(),
                Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(),
                "fan-out");
        return start(client, topics, topology, stateDir, threads);
    }

    private static final class FanOut implements Processor<byte[], byte[], byte[], byte[]> {
        static final String STORE = "bench-fan-out-seen";
        private final int recipients;
        private final byte[] auditValue;
        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<byte[], Long> seen;

        FanOut(int recipients, byte[] auditValue) {
            this.recipients = recipients;
            this.auditValue = auditValue;
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
            // a new record carries no headers: the copies drop the deliveries header
            Record<byte[], byte[]> copy = new Record<>(record.key(), record.value(), record.timestamp());
            for (int r = 0; r < deliveries; r++) {
                context.forward(copy, "copies-" + r);
            }
            Record<byte[], byte[]> audit = copy.withKey((byte[]) null).withValue(auditValue);
            for (int r = 0; r < recipients; r++) {
                context.forward(audit, "audit");
            }
        }
    }

    private static void createTopics(
            Map<String, Object> client, TopicNames topics, Collection<String> agencies, int outputs, boolean audit) {
        try (Admin admin = Admin.create(client)) {
            List<NewTopic> all = new ArrayList<>();
            // replicated as the broker's default, like the backbone's topics: once on one node, three times on a
            // cluster
            agencies.forEach(
                    a -> all.add(new NewTopic(topics.input(a), Optional.of(topics.partitions()), Optional.empty())));
            for (int r = 0; r < outputs; r++) {
                all.add(new NewTopic(topics.copies(r), Optional.of(topics.partitions()), Optional.empty()));
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
