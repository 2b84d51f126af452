package io.liaison.runtime.audit;

import io.liaison.audit.LogTree;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointContinuity;
import io.liaison.audit.checkpoint.CheckpointNotes;
import io.liaison.audit.checkpoint.CheckpointSchedule;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.NoteKey;
import io.liaison.audit.checkpoint.NoteSignature;
import io.liaison.audit.checkpoint.SignedNote;
import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.SigningIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the audit topic (committed records only), keeps the Merkle tree, and publishes a signed
 * C2SP checkpoint to the checkpoints topic (key = origin) per {@link CheckpointSchedule}. It
 * rebuilds the tree from offset 0 on start: leaf positions are the log, so there is no shortcut.
 *
 * <p>No silent restart of history: each note is written to the state file before it is published
 * ({@link CheckpointState}; so the file is never behind the topic). On start it signs nothing until
 * the rebuilt tree extends that note ({@link CheckpointContinuity}); a log shorter than it, or with
 * another root at its size (the audit topic deleted and recreated), makes it refuse for good: it
 * logs one ERROR naming both, publishes nothing, leaves the file as it is and reports
 * {@link Health.Refused} until restarted with a log that extends the note.
 *
 * <p>Witnessed ({@link Witnesses}): each checkpoint is submitted to every configured witness
 * (C2SP tlog-witness, {@link WitnessClient}) and published with the cosignatures that verify. A
 * witness that refuses or cannot be reached is not claimed: the note goes out without its
 * cosignature, a WARN names the witness and its answer, and the health is {@link Health.Degraded}
 * until every witness cosigns again, so a verifier requiring the witness fails loudly rather than
 * the log stopping.
 *
 * <pre>{@code
 * try (var publisher = new CheckpointPublisher("localhost:9092", backbone, "liaison.example/audit",
 *         Duration.ofSeconds(5), Path.of("/var/lib/liaison/checkpointer/last-checkpoint.note"))) {
 *     publisher.start();
 *     ...
 * }
 * }</pre>
 */
public final class CheckpointPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Settings settings;
    private final SigningIdentity backbone;
    private final Clock clock;
    private final CheckpointState state;
    private final Witnesses witnesses;
    private final List<WitnessClient> witnessClients;
    private final AtomicReference<Checkpoint> lastPublished = new AtomicReference<>();
    private volatile Health health = new Health.Starting("not started");
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Instant lastPublishedAt;
    private volatile long logSize;
    private volatile MeterRegistry clientMetrics; // where its Kafka clients' meters go; null: nowhere
    private Thread thread;

    /**
     * @param bootstrapServers the brokers
     * @param origin           the log's origin line, also the signing key name (no spaces or '+'),
     *                         e.g. {@code liaison.example/audit}
     * @param everyRecords     publish after this many new records
     * @param maxInterval      publish a grown tree at least this often
     * @param clientProperties further Kafka client settings (security ...), applied to consumer and producer
     * @param stateFile        where the last signed checkpoint is kept across restarts
     */
    public record Settings(
            String bootstrapServers,
            String origin,
            long everyRecords,
            Duration maxInterval,
            Properties clientProperties,
            Path stateFile) {
        public static final long DEFAULT_EVERY_RECORDS = 1000;

        public Settings {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers must not be blank");
            }
            try {
                NoteKey.requireKeyName(origin);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("origin (also the checkpoint key name): " + e.getMessage(), e);
            }
            if (everyRecords < 1) {
                throw new IllegalArgumentException("everyRecords must be at least 1, was " + everyRecords);
            }
            if (maxInterval == null || maxInterval.isNegative() || maxInterval.isZero()) {
                throw new IllegalArgumentException("maxInterval must be positive, was " + maxInterval);
            }
            if (stateFile == null) {
                throw new IllegalArgumentException(
                        "stateFile must be given: without it a restart forgets what was signed");
            }
            Properties copy = new Properties();
            copy.putAll(clientProperties);
            clientProperties = copy;
        }

        @Override
        public Properties clientProperties() {
            Properties copy = new Properties();
            copy.putAll(clientProperties);
            return copy;
        }
    }

    /** Publishes after every {@value Settings#DEFAULT_EVERY_RECORDS} records or {@code interval}, whichever comes first. */
    public CheckpointPublisher(
            String bootstrapServers, SigningIdentity backbone, String origin, Duration interval, Path stateFile) {
        this(
                new Settings(
                        bootstrapServers,
                        origin,
                        Settings.DEFAULT_EVERY_RECORDS,
                        interval,
                        new Properties(),
                        stateFile),
                backbone,
                Clock.systemUTC());
    }

    /** A checkpointer without witnesses. */
    public CheckpointPublisher(Settings settings, SigningIdentity backbone, Clock clock) {
        this(settings, backbone, clock, null);
    }

    /** @param witnesses the witnesses to submit every checkpoint to; null for none */
    public CheckpointPublisher(Settings settings, SigningIdentity backbone, Clock clock, Witnesses witnesses) {
        this.settings = settings;
        this.backbone = backbone;
        this.clock = clock;
        this.state = new CheckpointState(settings.stateFile());
        this.witnesses = witnesses;
        this.witnessClients = witnesses == null
                ? List.of()
                : witnesses.urls().stream()
                        .map(u -> new WitnessClient(u, witnesses.tls()))
                        .toList();
    }

    /** How the checkpointer is doing; {@link Health#status()} is one sentence for status lines. */
    public sealed interface Health {
        String status();

        /** False only once it refused: it stays so until restarted. */
        default boolean healthy() {
            return !(this instanceof Refused);
        }

        /** True while it signs the log as it grows. */
        default boolean ready() {
            return this instanceof Signing;
        }

        /** Waiting for the audit topic, or rebuilding the tree up to the last signed checkpoint. */
        record Starting(String status) implements Health {}

        /** @param lastSignedSize the size of the last checkpoint signed, by this run or a previous one; 0 if none */
        record Signing(long lastSignedSize) implements Health {
            @Override
            public String status() {
                return "signing, last checkpoint size " + lastSignedSize;
            }
        }

        /**
         * Signs and publishes, but a configured witness did not cosign the last checkpoint.
         *
         * @param lastSignedSize the size of the last checkpoint published
         * @param reason         each witness that did not cosign, and its answer
         */
        record Degraded(long lastSignedSize, String reason) implements Health {
            @Override
            public String status() {
                return "DEGRADED: last checkpoint size " + lastSignedSize + " published without a witness: " + reason;
            }
        }

        /** Signs nothing, for the reason given, until restarted. */
        record Refused(String reason) implements Health {
            @Override
            public String status() {
                return "REFUSED: " + reason;
            }
        }
    }

    public Health health() {
        return health;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("checkpoint publisher already started");
        }
        running = true;
        thread = new Thread(this::run, "liaison-checkpoint-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /** When this run last published a checkpoint; empty before its first. */
    public Optional<Instant> lastPublishedAt() {
        return Optional.ofNullable(lastPublishedAt);
    }

    /** Records of the audit log read into the tree so far. */
    public long logSize() {
        return logSize;
    }

    /** Binds its Kafka clients' meters to {@code registry} when it creates them; call before {@link #start()}. */
    void bindClientMetrics(MeterRegistry registry) {
        this.clientMetrics = registry;
    }

    /** The last checkpoint this publisher published, if any. */
    public Optional<Checkpoint> lastPublished() {
        return Optional.ofNullable(lastPublished.get());
    }

    @Override
    public synchronized void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            follow();
        } catch (WakeupException e) {
            if (running) {
                refuse("woken up while running");
            }
        } catch (RuntimeException e) {
            LOG.error("checkpoint publisher stopped: {}", e.toString(), e);
            health = new Health.Refused("stopped: " + e.getMessage());
        }
    }

    private void follow() {
        Optional<Checkpoint> lastSigned;
        try {
            lastSigned = state.read();
        } catch (IllegalStateException e) {
            refuse(e.getMessage()); // never overwritten: whoever investigates needs it
            return;
        }
        if (lastSigned.isEmpty()) {
            LOG.warn(
                    "no checkpoint state at {}: starting a new history (a first run). If this checkpointer signed"
                            + " before, its memory is lost and nothing here can tell whether the log was replaced",
                    state.file());
        } else if (!lastSigned.get().origin().equals(settings.origin())) {
            refuse("the checkpoint state " + state.file() + " is for origin '"
                    + lastSigned.get().origin() + "', not '" + settings.origin() + "'");
            return;
        } else {
            LOG.info(
                    "last signed checkpoint: size {} root {} ({}); signing resumes once the audit log extends it",
                    lastSigned.get().size(),
                    lastSigned.get().rootHex(),
                    state.file());
        }
        Properties consumerProps =
                TopicReader.consumerProperties(settings.bootstrapServers(), settings.clientProperties());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties());
                KafkaClientMetrics consumerMetrics = bind(new KafkaClientMetrics(c));
                KafkaClientMetrics producerMetrics = bind(new KafkaClientMetrics(producer))) {
            consumer = c;
            if (!awaitAuditTopic(c)) {
                return;
            }
            TopicPartition audit = new TopicPartition(Topics.AUDIT, 0);
            c.assign(List.of(audit));
            c.seekToBeginning(List.of(audit));
            // the end as of now: a log still shorter than the last signed checkpoint there was cut or replaced
            long end = c.endOffsets(List.of(audit)).get(audit);
            LogTree tree = new LogTree();
            CheckpointSchedule schedule =
                    new CheckpointSchedule(settings.everyRecords(), settings.maxInterval(), clock.instant());
            Checkpoint unconfirmed = lastSigned.orElse(null);
            if (unconfirmed == null) {
                health = new Health.Signing(0);
            } else {
                schedule.published(unconfirmed.size(), clock.instant()); // signed already: not again
                health = new Health.Starting(
                        "rebuilding the tree up to the last signed checkpoint of size " + unconfirmed.size());
            }
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL)) {
                    tree.append(record.value());
                }
                logSize = tree.size();
                if (unconfirmed != null) {
                    CheckpointContinuity.Verdict verdict = CheckpointContinuity.check(
                            unconfirmed, "the last checkpoint signed", tree, c.position(audit) >= end);
                    if (verdict instanceof CheckpointContinuity.Verdict.Broken broken) {
                        refuse(broken.reason() + " (state " + state.file()
                                + "; to start a new history on purpose, move it aside and restart)");
                        return;
                    }
                    if (verdict instanceof CheckpointContinuity.Verdict.Pending) {
                        continue;
                    }
                    LOG.info("the audit log extends the last signed checkpoint of size {}", unconfirmed.size());
                    health = new Health.Signing(unconfirmed.size());
                    unconfirmed = null;
                }
                if (schedule.due(tree.size(), clock.instant())
                        && publish(producer, new Checkpoint(settings.origin(), tree.size(), tree.root()), tree)) {
                    schedule.published(tree.size(), clock.instant());
                }
            }
        }
    }

    private KafkaClientMetrics bind(KafkaClientMetrics metrics) {
        MeterRegistry registry = clientMetrics;
        if (registry == null) {
            metrics.close();
        } else {
            metrics.bindTo(registry);
        }
        return metrics;
    }

    /** Logs once and stays refused: the state file is left as it is, for whoever investigates. */
    private void refuse(String reason) {
        LOG.error("refusing to sign checkpoints of {}: {}", settings.origin(), reason);
        health = new Health.Refused(reason);
    }

    private boolean awaitAuditTopic(KafkaConsumer<byte[], byte[]> c) {
        boolean logged = false;
        while (running) {
            int partitions = TopicReader.partitionCount(c, Topics.AUDIT);
            if (partitions == 1) {
                return true;
            }
            if (partitions > 1) {
                refuse("the " + Topics.AUDIT + " topic has " + partitions
                        + " partitions; the log needs exactly 1 for a single order");
                return false;
            }
            if (!logged) {
                LOG.info("waiting for the {} topic to be created", Topics.AUDIT);
                health = new Health.Starting("waiting for the " + Topics.AUDIT + " topic to be created");
                logged = true;
            }
            sleepQuietly();
        }
        return false;
    }

    private boolean publish(KafkaProducer<byte[], byte[]> producer, Checkpoint checkpoint, LogTree tree) {
        SignedNote signed = CheckpointNotes.sign(checkpoint, backbone, settings.origin());
        List<String> unwitnessed = new ArrayList<>();
        signed = witness(signed, checkpoint, tree, unwitnessed);
        // remembered before it is published: the state may be ahead of the topic, never behind it
        state.write(signed);
        String note = signed.serialize();
        try {
            producer.send(new ProducerRecord<>(
                            Topics.CHECKPOINTS,
                            settings.origin().getBytes(StandardCharsets.UTF_8),
                            note.getBytes(StandardCharsets.UTF_8)))
                    .get();
            health = unwitnessed.isEmpty()
                    ? new Health.Signing(checkpoint.size())
                    : new Health.Degraded(checkpoint.size(), String.join("; ", unwitnessed));
            lastPublished.set(checkpoint);
            lastPublishedAt = clock.instant();
            LOG.info(
                    "published checkpoint {} size {} root {}",
                    checkpoint.origin(),
                    checkpoint.size(),
                    checkpoint.rootHex());
            return true;
        } catch (ExecutionException e) {
            // Not fatal: the schedule stays due and the next loop publishes a larger checkpoint.
            LOG.warn(
                    "could not publish checkpoint of size {}: {}",
                    checkpoint.size(),
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        return false;
    }

    /**
     * The note with the cosignature of every witness that cosigned it and whose cosignature
     * verifies with a trusted WITNESS key; each witness that did not is added to {@code unwitnessed}.
     */
    private SignedNote witness(SignedNote signed, Checkpoint checkpoint, LogTree tree, List<String> unwitnessed) {
        SignedNote cosigned = signed;
        for (WitnessClient client : witnessClients) {
            WitnessClient.Outcome outcome;
            try {
                outcome = client.submit(signed, checkpoint, tree);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                outcome = new WitnessClient.Outcome.Refused("interrupted while asking " + client.endpoint());
            }
            if (outcome instanceof WitnessClient.Outcome.Cosigned c) {
                SignedNote withLines = cosigned;
                for (NoteSignature line : c.cosignatures()) {
                    withLines = withLines.withSignature(line);
                }
                if (witnessedBy(withLines) > witnessedBy(cosigned)) {
                    cosigned = withLines;
                    continue;
                }
                outcome = new WitnessClient.Outcome.Refused(
                        "witness " + client.endpoint() + " answered with no cosignature by a trusted witness key");
            }
            String reason = ((WitnessClient.Outcome.Refused) outcome).reason();
            LOG.warn("checkpoint of size {} goes out without this witness: {}", checkpoint.size(), reason);
            unwitnessed.add(reason);
        }
        return cosigned;
    }

    /** Verified cosignatures on the note, judged now (the witness's timestamps are now too). */
    private int witnessedBy(SignedNote note) {
        return witnesses.verifier().verifyReceived(note.serialize(), clock.instant())
                        instanceof CheckpointVerifier.Result.Verified v
                ? v.cosignatures().size()
                : -1;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.putAll(settings.clientProperties());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
