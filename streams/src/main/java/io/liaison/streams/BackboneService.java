package io.liaison.streams;

import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
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
 */
public final class BackboneService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackboneService.class);

    private final KafkaStreams streams;
    private final BackboneMetrics metrics;
    private final Supplier<ControlPlane.Health> controlPlane;

    private BackboneService(KafkaStreams streams, BackboneMetrics metrics, Supplier<ControlPlane.Health> controlPlane) {
        this.streams = streams;
        this.metrics = metrics;
        this.controlPlane = controlPlane;
    }

    /** Starts the topology; {@code controlPlane} reports on the one keeping {@code backbone}'s trust and policy current. */
    public static BackboneService start(StreamsAppConfig config, Backbone backbone, BackboneSettings settings,
                                        Supplier<ControlPlane.Health> controlPlane) {
        BackboneMetrics metrics = new BackboneMetrics();
        KafkaStreams streams = new KafkaStreams(LiaisonTopology.build(backbone, settings, metrics), properties(config));
        streams.setUncaughtExceptionHandler(error -> {
            LOG.warn("stream thread failed, replacing it and reprocessing from the last commit: {}", error.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        LOG.info("backbone {} started ({} thread(s))", config.applicationId(), config.threads());
        return new BackboneService(streams, metrics, controlPlane);
    }

    static Properties properties(StreamsAppConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
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

    /**
     * Ready to be trusted with traffic: the stream threads RUNNING and the control plane following
     * trust and policy. A backbone whose control plane is failing still processes messages, but on
     * trust and policy that may be stale, so it reports itself not ready until that is over.
     */
    public boolean isReady() {
        return isRunning() && controlPlane.get().ready();
    }

    public ControlPlane.Health controlPlane() {
        return controlPlane.get();
    }

    @Override
    public void close() {
        // Leave the group so a restarted instance is assigned its tasks at once instead of after the
        // old member's session timeout (45 s): Streams stays in the group on close by default.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        LOG.info("backbone stopped");
    }
}
