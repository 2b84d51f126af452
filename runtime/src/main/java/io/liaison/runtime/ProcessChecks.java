package io.liaison.runtime;

import io.liaison.controlplane.Readiness;
import io.liaison.runtime.audit.CheckpointPublisher;
import io.liaison.web.management.Check;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The checks behind {@code /health} and {@code /ready} of the backbone and the checkpointer, as
 * values: each says whether it holds and, when it does not, why.
 */
public final class ProcessChecks {
    public static final String STREAMS = "streams";
    public static final String CONTROL_PLANE = "control-plane";
    public static final String CHECKPOINTER = "checkpointer";

    private ProcessChecks() {}

    /** Live while Kafka Streams has not failed or stopped for good. */
    public static Check streamsAlive(KafkaStreams.State state, Optional<String> refusal) {
        if (refusal.isPresent()) {
            return Check.failing(STREAMS, "refused to run: " + refusal.get());
        }
        return switch (state) {
            case ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN -> Check.failing(STREAMS, "state " + state);
            default -> Check.ok(STREAMS, "state " + state);
        };
    }

    /** Ready while the stream threads run (tasks assigned) and the instance did not refuse to run. */
    public static Check streamsReady(KafkaStreams.State state, Optional<String> refusal) {
        Check alive = streamsAlive(state, refusal);
        if (!alive.ok() || state == KafkaStreams.State.RUNNING) {
            return alive;
        }
        return Check.failing(STREAMS, "state " + state + ", not RUNNING yet");
    }

    /** Ready while trust and policy are followed and current: behind, it may miss a revocation. */
    public static Check controlPlane(Readiness readiness) {
        if (readiness instanceof Readiness.Ready ready) {
            return Check.ok(
                    CONTROL_PLANE,
                    "policy " + ready.policyVersion() + ", trust and policy current as of " + ready.currentAsOf());
        }
        return Check.failing(CONTROL_PLANE, ((Readiness.NotReady) readiness).reason());
    }

    /** Live until it refused to sign (it stays refused until restarted). */
    public static Check checkpointerAlive(CheckpointPublisher.Health health) {
        return new Check(CHECKPOINTER, health.healthy(), health.status());
    }

    /** Ready only while it signs the log as it grows: starting, degraded (a witness missing) or refused is not. */
    public static Check checkpointerReady(CheckpointPublisher.Health health) {
        return new Check(CHECKPOINTER, health.ready(), health.status());
    }
}
