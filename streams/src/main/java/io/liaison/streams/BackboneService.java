package io.liaison.streams;

import io.liaison.controlplane.ControlPlane;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the backbone topology with exactly-once v2. A {@link TransientFailure} (registry down) or
 * any other unexpected exception replaces the stream thread, which resumes from the last committed
 * offsets: the failed record is processed again, never skipped.
 *
 * <p>Restoring stores from their changelogs, which after an unclean stop Streams starts by reporting
 * a {@code TaskCorruptedException} per task, is logged as one line ({@link ChangelogRestoreLog}).
 *
 * <p>An ingress topic whose partition count is not the pinned one ({@link IngressPartitions}) is
 * the exception: the service refuses to start on it, and stops when one appears while it runs
 * (checked every {@link #PARTITION_CHECK_INTERVAL}, and by the backbone on every record), reporting
 * why in {@link #refusal()}.
 */
public final class BackboneService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackboneService.class);
    /** How often the ingress topics' partition counts are held against the pinned count while running. */
    public static final Duration PARTITION_CHECK_INTERVAL = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final BackboneMetrics metrics;
    private final AtomicReference<String> refusal;
    private final ScheduledExecutorService partitionCheck;
    private final Supplier<ControlPlane.Health> controlPlane;

    private BackboneService(
            KafkaStreams streams,
            KafkaStreamsMetrics streamsMetrics,
            BackboneMetrics metrics,
            AtomicReference<String> refusal,
            ScheduledExecutorService partitionCheck,
            Supplier<ControlPlane.Health> controlPlane) {
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.metrics = metrics;
        this.refusal = refusal;
        this.partitionCheck = partitionCheck;
        this.controlPlane = controlPlane;
    }

    /**
     * Starts the topology; {@code controlPlane} reports on the one keeping {@code backbone}'s trust and policy current.
     * Its meters stay in a registry of its own, read through {@link #metrics()} (tests; a process exports them
     * with the overload taking its registry).
     *
     * @param admin asks the cluster for the ingress topics' partition counts
     * @throws PartitionCountChanged when an ingress topic does not have {@code settings.ingressPartitions()}
     */
    public static BackboneService start(
            StreamsAppConfig config,
            Backbone backbone,
            EdgeSealing sealing,
            BackboneSettings settings,
            Admin admin,
            Supplier<ControlPlane.Health> controlPlane) {
        return start(config, backbone, sealing, settings, admin, controlPlane, new SimpleMeterRegistry());
    }

    /**
     * Starts the topology with its meters, and Kafka Streams' own (threads, tasks, the embedded
     * clients: lag, commits, transactions), in {@code registry}.
     */
    public static BackboneService start(
            StreamsAppConfig config,
            Backbone backbone,
            EdgeSealing sealing,
            BackboneSettings settings,
            Admin admin,
            Supplier<ControlPlane.Health> controlPlane,
            MeterRegistry registry) {
        IngressPartitions partitions = new IngressPartitions(admin, settings.ingressPartitions());
        partitions.requirePinned();
        BackboneMetrics metrics = new BackboneMetrics(registry);
        AtomicReference<String> refusal = new AtomicReference<>();
        KafkaStreams streams =
                new KafkaStreams(LiaisonTopology.build(backbone, sealing, settings, metrics), properties(config));
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.setUncaughtExceptionHandler(error -> {
            Optional<PartitionCountChanged> changed = causeOf(error);
            if (changed.isPresent()) {
                refuse(refusal, changed.get().getMessage());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.warn("stream thread failed, replacing it and reprocessing from the last commit: {}", error.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        ChangelogRestoreLog restores = new ChangelogRestoreLog();
        streams.setGlobalStateRestoreListener(restores);
        streams.setStateListener(restores);
        streams.start();
        LOG.info("backbone {} started ({} thread(s))", config.applicationId(), config.threads());
        ScheduledExecutorService check = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "liaison-ingress-partition-check");
            t.setDaemon(true);
            return t;
        });
        BackboneService service = new BackboneService(streams, streamsMetrics, metrics, refusal, check, controlPlane);
        check.scheduleWithFixedDelay(
                () -> service.checkPartitions(partitions),
                PARTITION_CHECK_INTERVAL.toMillis(),
                PARTITION_CHECK_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return service;
    }

    private void checkPartitions(IngressPartitions partitions) {
        if (refusal.get() != null) {
            return;
        }
        try {
            partitions.requirePinned();
        } catch (PartitionCountChanged e) {
            refuse(refusal, e.getMessage());
            stopStreams();
        } catch (TransientFailure e) {
            LOG.warn("cannot check the ingress partition counts now: {}", e.getMessage());
        }
    }

    private static void refuse(AtomicReference<String> refusal, String why) {
        if (refusal.compareAndSet(null, why)) {
            LOG.error("backbone refusing to run: {}", why);
        }
    }

    private static Optional<PartitionCountChanged> causeOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PartitionCountChanged changed) {
                return Optional.of(changed);
            }
        }
        return Optional.empty();
    }

    /**
     * How the backbone's Streams app processes and writes: exactly-once v2, a commit every 100 ms,
     * ingress read from the start. The bench's baselines take the same, so they measure the same
     * writes.
     */
    public static Map<String, Object> processingSettings() {
        return Map.ofEntries(
                Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2),
                Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100),
                Map.entry(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest"));
    }

    static Properties properties(StreamsAppConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        p.putAll(processingSettings());
        // A crashed instance's partitions move to the survivors after the session timeout: keep it short.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        // New ingress topics (a new agency) are picked up by the pattern subscription within this interval.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), 10_000);
        p.putAll(config.overrides());
        return p;
    }

    public BackboneMetrics metrics() {
        return metrics;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Why this instance stopped processing on its own (an ingress topic's partition count changed); empty while it has not. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal.get());
    }

    /**
     * Ready to be trusted with traffic: the stream threads RUNNING and the control plane following
     * trust and policy. A backbone whose control plane is failing still processes messages, but on
     * trust and policy that may be stale, so it reports itself not ready until that is over. A
     * backbone that refused to run ({@link #refusal()}) is not RUNNING, so never ready.
     */
    public boolean isReady() {
        return isRunning() && refusal.get() == null && controlPlane.get().ready();
    }

    public ControlPlane.Health controlPlane() {
        return controlPlane.get();
    }

    @Override
    public void close() {
        partitionCheck.shutdownNow();
        stopStreams();
        streamsMetrics.close();
        LOG.info("backbone stopped");
    }

    private void stopStreams() {
        // Leave the group so a restarted instance is assigned its tasks at once instead of after the
        // old member's session timeout (45 s): Streams stays in the group on close by default.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
