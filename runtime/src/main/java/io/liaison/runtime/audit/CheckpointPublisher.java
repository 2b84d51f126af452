package io.liaison.runtime.audit;

import io.liaison.audit.LogTree;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointNotes;
import io.liaison.audit.checkpoint.CheckpointSchedule;
import io.liaison.audit.checkpoint.NoteKey;
import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.SigningIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
 * <pre>{@code
 * try (var publisher = new CheckpointPublisher("localhost:9092", backbone, "liaison.example/audit", Duration.ofSeconds(5))) {
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
    private final AtomicReference<Checkpoint> lastPublished = new AtomicReference<>();
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /**
     * @param bootstrapServers the brokers
     * @param origin           the log's origin line, also the signing key name (no spaces or '+'),
     *                         e.g. {@code liaison.example/audit}
     * @param everyRecords     publish after this many new records
     * @param maxInterval      publish a grown tree at least this often
     * @param clientProperties further Kafka client settings (security ...), applied to consumer and producer
     */
    public record Settings(
            String bootstrapServers,
            String origin,
            long everyRecords,
            Duration maxInterval,
            Properties clientProperties) {
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
    public CheckpointPublisher(String bootstrapServers, SigningIdentity backbone, String origin, Duration interval) {
        this(
                new Settings(bootstrapServers, origin, Settings.DEFAULT_EVERY_RECORDS, interval, new Properties()),
                backbone,
                Clock.systemUTC());
    }

    public CheckpointPublisher(Settings settings, SigningIdentity backbone, Clock clock) {
        this.settings = settings;
        this.backbone = backbone;
        this.clock = clock;
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
        Properties consumerProps =
                TopicReader.consumerProperties(settings.bootstrapServers(), settings.clientProperties());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            consumer = c;
            if (!awaitAuditTopic(c)) {
                return;
            }
            TopicPartition audit = new TopicPartition(Topics.AUDIT, 0);
            c.assign(List.of(audit));
            c.seekToBeginning(List.of(audit));
            LogTree tree = new LogTree();
            CheckpointSchedule schedule =
                    new CheckpointSchedule(settings.everyRecords(), settings.maxInterval(), clock.instant());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL)) {
                    tree.append(record.value());
                }
                if (schedule.due(tree.size(), clock.instant())
                        && publish(producer, new Checkpoint(settings.origin(), tree.size(), tree.root()))) {
                    schedule.published(tree.size(), clock.instant());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("checkpoint publisher woken up while running", e);
            }
        } catch (RuntimeException e) {
            LOG.error("checkpoint publisher stopped: {}", e.toString(), e);
        }
    }

    private boolean awaitAuditTopic(KafkaConsumer<byte[], byte[]> c) {
        boolean logged = false;
        while (running) {
            int partitions = TopicReader.partitionCount(c, Topics.AUDIT);
            if (partitions == 1) {
                return true;
            }
            if (partitions > 1) {
                LOG.error(
                        "the {} topic has {} partitions; the log needs exactly 1 for a single order",
                        Topics.AUDIT,
                        partitions);
                return false;
            }
            if (!logged) {
                LOG.info("waiting for the {} topic to be created", Topics.AUDIT);
                logged = true;
            }
            sleepQuietly();
        }
        return false;
    }

    private boolean publish(KafkaProducer<byte[], byte[]> producer, Checkpoint checkpoint) {
        String note =
                CheckpointNotes.sign(checkpoint, backbone, settings.origin()).serialize();
        try {
            producer.send(new ProducerRecord<>(
                            Topics.CHECKPOINTS,
                            settings.origin().getBytes(StandardCharsets.UTF_8),
                            note.getBytes(StandardCharsets.UTF_8)))
                    .get();
            lastPublished.set(checkpoint);
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
