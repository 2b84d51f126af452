package io.liaison.streams;

import io.liaison.cluster.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams wiring, kept thin: every {@code ingress.*} topic feeds one processor that opens
 * the record's seal ({@link EdgeSealing}), hands it to {@link Backbone}, seals what it returns and
 * forwards it to one sink whose topic comes from each {@link Output}. Exactly-once v2 makes the
 * deliveries, their data keys, quarantine records, audit records and the replay store update of one
 * input commit together.
 *
 * <p>A second sub-topology tracks directives: the {@code command} topic (accepted directives and
 * answers, keyed by directive id, written by the first) feeds {@link DirectiveProcessor}, whose
 * escalations, their data keys and audit records commit with its store update likewise.
 */
public final class LiaisonTopology {
    public static final String SOURCE = "ingress";
    public static final String PROCESSOR = "backbone";
    public static final String SINK = "fan-out";
    /** Messages accepted within the replay window, by {@link ReplayGuard#key}; persistent and changelogged, so it survives restarts. */
    public static final String REPLAY_STORE = "accepted-message-ids";

    public static final String COMMAND_SOURCE = "command-events";
    public static final String DIRECTIVE_PROCESSOR = "directives";
    public static final String COMMAND_SINK = "command-out";
    /** Each directive's state by directive id ({@link DirectiveTracking}); persistent and changelogged. */
    public static final String DIRECTIVE_STORE = "directive-state";

    static final Pattern INGRESS_TOPICS = Pattern.compile(Pattern.quote(Topics.INGRESS_PREFIX) + ".+");

    private LiaisonTopology() {}

    /** The topology, built without starting anything so tests drive exactly what production runs. */
    public static Topology build(
            Backbone backbone, EdgeSealing sealing, BackboneSettings settings, BackboneMetrics metrics) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), INGRESS_TOPICS);
        topology.addProcessor(
                PROCESSOR, () -> new BackboneProcessor(backbone, sealing, settings.replayWindow(), metrics), SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(REPLAY_STORE), Serdes.String(), Serdes.Long()),
                PROCESSOR);
        topology.addSink(
                SINK,
                (key, value, context) -> value.topic(),
                new ByteArraySerializer(),
                outputValueSerializer(),
                PROCESSOR);
        // The directive tracker: its own sub-topology, fed by the command events the processor above writes.
        topology.addSource(COMMAND_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.COMMAND);
        topology.addProcessor(DIRECTIVE_PROCESSOR, () -> new DirectiveProcessor(backbone, sealing), COMMAND_SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DIRECTIVE_STORE), Serdes.String(), Serdes.ByteArray()),
                DIRECTIVE_PROCESSOR);
        topology.addSink(
                COMMAND_SINK,
                (key, value, context) -> value.topic(),
                new ByteArraySerializer(),
                outputValueSerializer(),
                DIRECTIVE_PROCESSOR);
        return topology;
    }

    private static Serializer<Output> outputValueSerializer() {
        return (topic, output) -> output.value();
    }

    private static final class BackboneProcessor implements Processor<byte[], byte[], byte[], Output> {
        private final Backbone backbone;
        private final EdgeSealing sealing;
        private final Duration replayWindow;
        private final BackboneMetrics metrics;
        private ProcessorContext<byte[], Output> context;
        private KeyValueStore<String, Long> accepted;

        BackboneProcessor(Backbone backbone, EdgeSealing sealing, Duration replayWindow, BackboneMetrics metrics) {
            this.backbone = backbone;
            this.sealing = sealing;
            this.replayWindow = replayWindow;
            this.metrics = metrics;
        }

        @Override
        public void init(ProcessorContext<byte[], Output> context) {
            this.context = context;
            this.accepted = context.getStateStore(REPLAY_STORE);
            context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, this::forgetExpired);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            long started = System.nanoTime();
            RecordMetadata meta = context.recordMetadata().orElseThrow();
            IngressRecord in =
                    new IngressRecord(meta.topic(), meta.partition(), meta.offset(), record.key(), record.value());
            EdgeSealing.Ingress opened = sealing.open(in);
            if (opened instanceof EdgeSealing.Ingress.Refuse refuse) {
                forward(record, in, backbone.refuse(in, refuse.reason(), refuse.detail()), started);
                return;
            }
            IngressRecord plain = ((EdgeSealing.Ingress.Process) opened).record();
            Outcome outcome = backbone.process(plain, new ReplayGuard() {
                @Override
                public boolean seen(String key) {
                    Long at = accepted.get(key);
                    return at != null && at > context.currentSystemTimeMs() - replayWindow.toMillis();
                }

                @Override
                public void remember(String key, Instant at) {
                    accepted.put(key, at.toEpochMilli());
                }
            });
            forward(record, in, outcome, started);
        }

        private void forward(Record<byte[], byte[]> record, IngressRecord arrived, Outcome outcome, long startedNanos) {
            for (Output output : sealing.seal(arrived, outcome)) {
                byte[] key = output.key() == null ? null : output.key().getBytes(StandardCharsets.UTF_8);
                // Command events carry the backbone's clock: the tracker's stream time must not be a sender's.
                long timestamp =
                        output.topic().equals(Topics.COMMAND) ? context.currentSystemTimeMs() : record.timestamp();
                context.forward(new Record<>(key, output, timestamp));
            }
            metrics.record(
                    outcome,
                    record.timestamp(),
                    context.currentSystemTimeMs(),
                    Duration.ofNanos(System.nanoTime() - startedNanos));
        }

        private void forgetExpired(long now) {
            long oldest = now - replayWindow.toMillis();
            try (KeyValueIterator<String, Long> all = accepted.all()) {
                while (all.hasNext()) {
                    KeyValue<String, Long> entry = all.next();
                    if (entry.value <= oldest) {
                        accepted.delete(entry.key);
                    }
                }
            }
        }
    }
}
