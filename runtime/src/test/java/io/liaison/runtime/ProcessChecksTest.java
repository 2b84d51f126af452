package io.liaison.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.controlplane.Readiness;
import io.liaison.runtime.audit.CheckpointPublisher;
import io.liaison.web.management.Check;
import io.liaison.web.management.Probe;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class ProcessChecksTest {
    private static final Check CURRENT =
            ProcessChecks.controlPlane(new Readiness.Ready(Instant.parse("2026-12-07T08:00:00Z"), "v3"));

    @Test
    void aRunningBackboneWithCurrentTrustIsReady() {
        Probe probe = Probe.readiness(
                List.of(ProcessChecks.streamsReady(KafkaStreams.State.RUNNING, Optional.empty()), CURRENT));

        assertThat(probe.ok()).isTrue();
        assertThat(CURRENT.status()).contains("policy v3");
    }

    @Test
    void aControlPlaneBehindMakesTheBackboneUnreadyButStillLive() {
        Check behind = ProcessChecks.controlPlane(new Readiness.NotReady("trust and policy are known only as of"
                + " 2026-12-07T08:00:00Z, 45s ago (more than 30s): the broker does not answer"));

        Probe ready = Probe.readiness(
                List.of(ProcessChecks.streamsReady(KafkaStreams.State.RUNNING, Optional.empty()), behind));
        Probe live = Probe.liveness(List.of(ProcessChecks.streamsAlive(KafkaStreams.State.RUNNING, Optional.empty())));

        assertThat(ready.ok()).isFalse();
        assertThat(ready.reason()).startsWith("control-plane: trust and policy are known only as of");
        assertThat(live.ok()).isTrue();
    }

    @Test
    void rebalancingIsLiveButNotReadyAndARefusalIsNeither() {
        assertThat(ProcessChecks.streamsAlive(KafkaStreams.State.REBALANCING, Optional.empty())
                        .ok())
                .isTrue();
        assertThat(ProcessChecks.streamsReady(KafkaStreams.State.REBALANCING, Optional.empty()))
                .satisfies(c -> {
                    assertThat(c.ok()).isFalse();
                    assertThat(c.status()).isEqualTo("state REBALANCING, not RUNNING yet");
                });
        Check refused = ProcessChecks.streamsReady(
                KafkaStreams.State.RUNNING, Optional.of("ingress.cpd has 4 partitions, pinned 6"));
        assertThat(refused.ok()).isFalse();
        assertThat(refused.status()).isEqualTo("refused to run: ingress.cpd has 4 partitions, pinned 6");
        assertThat(ProcessChecks.streamsAlive(KafkaStreams.State.ERROR, Optional.empty())
                        .ok())
                .isFalse();
    }

    @Test
    void aRefusingCheckpointerIsNeitherLiveNorReadyAndOneMissingAWitnessIsLiveButNotReady() {
        CheckpointPublisher.Health refused =
                new CheckpointPublisher.Health.Refused("the audit log is shorter than the last signed checkpoint");
        CheckpointPublisher.Health degraded =
                new CheckpointPublisher.Health.Degraded(12, "witness http://w:8490 did not answer");

        assertThat(ProcessChecks.checkpointerAlive(refused).ok()).isFalse();
        assertThat(Probe.readiness(List.of(ProcessChecks.checkpointerReady(refused)))
                        .reason())
                .isEqualTo("checkpointer: REFUSED: the audit log is shorter than the last signed checkpoint");
        assertThat(ProcessChecks.checkpointerAlive(degraded).ok()).isTrue();
        assertThat(ProcessChecks.checkpointerReady(degraded).ok()).isFalse();
        assertThat(ProcessChecks.checkpointerReady(new CheckpointPublisher.Health.Signing(12))
                        .ok())
                .isTrue();
    }
}
