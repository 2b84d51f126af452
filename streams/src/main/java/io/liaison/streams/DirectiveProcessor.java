package io.liaison.streams;

import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.command.CommandEvent;
import io.liaison.schemas.command.DirectiveState;
import io.liaison.schemas.command.DirectiveStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Thin wiring of {@link DirectiveTracking}: reads the backbone's command events (keyed by directive
 * id), keeps each directive's state in {@link LiaisonTopology#DIRECTIVE_STORE}, and sweeps for
 * passed deadlines on stream time (the command topic's timestamps are the backbone's own clock at
 * acceptance, never a sender's) and on wall-clock time (so a quiet command post still escalates).
 * Everything a step writes commits with the state change under exactly-once.
 */
final class DirectiveProcessor implements Processor<String, byte[], byte[], Output> {
    static {
        LiaisonSchemas.trustGeneratedClasses(); // builds and reads the generated command records
    }

    /** How often deadlines are checked; an escalation follows its deadline within about this. */
    static final Duration SWEEP = Duration.ofSeconds(1);
    /** How long a settled directive (or an answer whose directive never came) is kept for late answers. */
    static final Duration SETTLED_KEPT = Duration.ofDays(7);

    private final Backbone backbone;
    private final EdgeSealing sealing;
    private ProcessorContext<byte[], Output> context;
    private KeyValueStore<String, byte[]> store;

    DirectiveProcessor(Backbone backbone, EdgeSealing sealing) {
        this.backbone = backbone;
        this.sealing = sealing;
    }

    @Override
    public void init(ProcessorContext<byte[], Output> context) {
        this.context = context;
        this.store = context.getStateStore(LiaisonTopology.DIRECTIVE_STORE);
        context.schedule(SWEEP, PunctuationType.WALL_CLOCK_TIME, now -> sweep(Instant.ofEpochMilli(now)));
        context.schedule(SWEEP, PunctuationType.STREAM_TIME, now -> sweep(Instant.ofEpochMilli(now)));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        CommandEvent event = backbone.decodeCommandEvent(record.value());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        DirectiveTracking.Step step = DirectiveTracking.onEvent(read(store.get(record.key())), event, now);
        apply(step, now, record.timestamp());
    }

    private void sweep(Instant now) {
        List<DirectiveState> due = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                DirectiveState state = read(entry.value);
                if (DirectiveTracking.due(state, now)) {
                    due.add(state);
                } else if (settled(state)
                        && state.getUpdatedAt().plus(SETTLED_KEPT).isBefore(now)) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
        for (DirectiveState state : due) {
            apply(DirectiveTracking.onTime(state, now), now, now.toEpochMilli());
        }
    }

    private static boolean settled(DirectiveState state) {
        return state.getStatus() == DirectiveStatus.ACKNOWLEDGED
                || state.getStatus() == DirectiveStatus.UNRESOLVED
                || state.getStatus() == DirectiveStatus.AWAITING_DIRECTIVE;
    }

    private void apply(DirectiveTracking.Step step, Instant now, long timestamp) {
        store.put(step.state().getDirectiveId(), write(step.state()));
        for (DirectiveTracking.Effect effect : step.effects()) {
            if (effect instanceof DirectiveTracking.Effect.Notify notify) {
                // the purpose and policy version under which the directive was accepted, not today's
                Output copy = backbone.issue(
                        notify.escalation(), notify.purpose(), notify.audit().policyVersion(), now);
                sealing.sealIssued(copy).forEach(out -> forward(out, timestamp));
                forward(
                        backbone.escalationDelivered(
                                notify.escalation(),
                                copy,
                                notify.purpose(),
                                notify.audit().policyVersion(),
                                now),
                        timestamp);
                forward(backbone.commandAudit(notify.audit(), now, copy.value(), notify.purpose()), timestamp);
            } else if (effect instanceof DirectiveTracking.Effect.Audit audit) {
                forward(backbone.commandAudit(audit, now, null, null), timestamp);
            }
        }
    }

    private void forward(Output output, long timestamp) {
        byte[] key = output.key() == null ? null : output.key().getBytes(StandardCharsets.UTF_8);
        context.forward(new Record<>(key, output, timestamp));
    }

    private static final SpecificDatumWriter<DirectiveState> WRITER = new SpecificDatumWriter<>(DirectiveState.class);
    private static final SpecificDatumReader<DirectiveState> READER = new SpecificDatumReader<>(DirectiveState.class);

    /** Plain Avro binary: the store is the backbone's own, read only by this build. */
    static byte[] write(DirectiveState state) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            WRITER.write(state, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DirectiveState read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return READER.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException("the directive store holds a record this build cannot read", e);
        }
    }
}
