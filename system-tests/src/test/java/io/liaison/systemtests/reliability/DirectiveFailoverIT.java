package io.liaison.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.producer.AgencyGateway;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.Receipt;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.samples.SamplePayloads;
import io.liaison.streams.DirectiveTracking;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directive tracker survives the crash of the instance that tracks a directive: the only backbone
 * instance (a child JVM) accepts a directive and is killed with SIGKILL before its deadline; the
 * deadline passes with no instance running; a new instance restores the directive store from its
 * changelog and escalates it, once.
 */
@ExtendWith(SharedStack.class)
class DirectiveFailoverIT {
    @TempDir
    Path work;

    private BackboneProcess child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.close();
        }
    }

    @Test
    void aDirectiveWhoseTrackerWasKilledBeforeItsDeadlineIsEscalatedExactlyOnceAfterFailover(ReliabilityStack stack)
            throws Exception {
        stack.stopInProcessBackbone();
        child = BackboneProcess.start(stack, work, "liaison-streams@directive-child", java.util.Map.of());
        await("the child backbone to start")
                .atMost(BackboneProcess.startupTimeout())
                .until(child::running);

        String directiveId = "D-" + UUID.randomUUID();
        Instant deadline;
        String escalationId = DirectiveTracking.escalationMessageId(directiveId, 1);
        try (OutputLog log = OutputLog.fromNow(stack)) {
            AgencyGateway cpd = stack.gateway("cpd", Duration.ofSeconds(30));
            Instant issued = Instant.now();
            Receipt receipt = cpd.publish(
                    SamplePayloads.barrierTasking(directiveId, issued, Duration.ofSeconds(6)),
                    MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE));
            deadline = issued.plusSeconds(6);
            await("the child to accept and track the directive")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        log.poll();
                        return decisions(log, receipt.messageId()).contains("DIRECTIVE_ISSUED");
                    });
            assertThat(Instant.now()).as("tracked before its deadline").isBefore(deadline);
            child.kill();
            assertThat(log.copies()).doesNotContainKey(escalationId);

            stack.startInProcessBackbone("liaison-streams@directive-survivor");
            await("the new instance to escalate the directive")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        log.poll();
                        return log.copies().containsKey(escalationId);
                    });
            log.drain();

            assertThat(log.copies().get(escalationId))
                    .singleElement()
                    .satisfies(copy -> assertThat(copy.inboxOwner()).isEqualTo("guard"));
            assertThat(decisions(log, escalationId))
                    .as("one delivery of the escalation copy and one escalation step")
                    .containsExactly("DELIVERED", "DIRECTIVE_ESCALATED");
            assertThat(log.copies()).doesNotContainKey(DirectiveTracking.escalationMessageId(directiveId, 2));
        }
    }

    private static List<String> decisions(OutputLog log, String messageId) {
        return log.audit().getOrDefault(messageId, List.of()).stream()
                .map(OutputLog.Decision::decision)
                .toList();
    }
}
