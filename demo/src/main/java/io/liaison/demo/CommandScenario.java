package io.liaison.demo;

import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.InboxConsumer;
import io.liaison.consumer.InboxItem;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.Receipt;
import io.liaison.registry.AvroCodec;
import io.liaison.runtime.BackboneStack;
import io.liaison.runtime.TopicTail;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.common.CommandRoleRef;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.payload.AcknowledgementResponse;
import io.liaison.schemas.payload.Directive;
import io.liaison.schemas.samples.SamplePayloads;
import io.liaison.streams.DirectiveTracking;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The unified command in the demo: one directive the Guard accepts in time, and one the strike team
 * leaves unanswered, which the backbone escalates along the MOU's path. Prints both outcomes from
 * the audit log and the escalation as the Guard's SDK verified it.
 */
public final class CommandScenario {
    /** Short, so the demo shows an escalation without a long wait. */
    static final Duration SHORT_DEADLINE = Duration.ofSeconds(3);

    private final BackboneStack stack;
    private final PrintWriter out;

    public CommandScenario(BackboneStack stack, PrintWriter out) {
        this.stack = stack;
        this.out = out;
    }

    /** Plays both directives and waits up to {@code timeout} for their outcomes. */
    public void run(Duration timeout) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        AgencyGateway cpd = stack.gateway("cpd");
        AgencyGateway guard = stack.gateway("guard");
        MessageHeaders headers = MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE);
        Instant now = Instant.now();
        String accepted = "CPD-DIR-" + run + "-1";
        String unanswered = "CPD-DIR-" + run + "-2";
        Directive barriers = SamplePayloads.barrierTasking(accepted, now, Duration.ofMinutes(5));
        Directive holdLine = SamplePayloads.barrierTasking(unanswered, now, SHORT_DEADLINE);
        holdLine.setKind("crowd-safety-measure");
        holdLine.setAddressees(List.of(new CommandRoleRef("ice", "liaison-officer")));
        holdLine.setInstructions("Hold the crowd line at Washington and Clark until 18:00.");

        out.println();
        out.println("Unified command (the command: section of the policy; liaison policy explain --command):");
        cpd.publish(barriers, headers);
        out.printf(
                "  - cpd/incident-commander tasks guard/liaison-officer: resource-tasking %s, answer within 5 min%n",
                accepted);
        Receipt answer = guard.publish(
                SamplePayloads.acknowledgement(
                        accepted, "guard", "liaison-officer", AcknowledgementResponse.ACCEPT, Instant.now()),
                headers);
        out.println("  - guard/liaison-officer accepts it");
        cpd.publish(holdLine, headers);
        out.printf(
                "  - cpd/incident-commander directs ice/liaison-officer: crowd-safety-measure %s, answer within %d s;"
                        + " ice stays silent%n",
                unanswered, SHORT_DEADLINE.toSeconds());

        String escalationId = DirectiveTracking.escalationMessageId(unanswered, 1);
        AvroCodec codec = stack.readOnlyCodec();
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<AuditRecord> acknowledged = Optional.empty();
        Optional<AuditRecord> escalated = Optional.empty();
        Optional<InboxItem.Verified> copy = Optional.empty();
        List<InboxItem> guardInbox = new ArrayList<>();
        try (TopicTail audit = new TopicTail(stack.clientProperties(Principals.AUDITOR), Topics.AUDIT);
                InboxConsumer guardSdk = stack.inbox("guard", "demo-command-" + run)) {
            while (acknowledged.isEmpty() || escalated.isEmpty() || copy.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the directives did not reach their outcomes within " + timeout);
                }
                List<AuditRecord> records = audit.poll().stream()
                        .map(r -> codec.decodeSpecific(r.value(), AuditRecord.class))
                        .toList();
                acknowledged = records.stream()
                        .filter(a -> a.getDecision().name().equals("DIRECTIVE_ACKNOWLEDGED"))
                        .filter(a -> answer.messageId().equals(a.getMessageId()))
                        .findFirst();
                escalated = records.stream()
                        .filter(a -> a.getDecision().name().equals("DIRECTIVE_ESCALATED")
                                && escalationId.equals(a.getMessageId()))
                        .findFirst();
                guardInbox.addAll(guardSdk.poll(Duration.ofMillis(100)));
                copy = guardInbox.stream()
                        .filter(i -> i instanceof InboxItem.Verified v
                                && v.messageId().equals(escalationId))
                        .map(i -> (InboxItem.Verified) i)
                        .findFirst();
            }
        }
        out.println("  outcomes:");
        out.printf(
                "  %s resource-tasking: ACKNOWLEDGED by %s in time (audit DIRECTIVE_ISSUED, DIRECTIVE_ACKNOWLEDGED)%n",
                accepted, acknowledged.get().getRecipient() + "/liaison-officer");
        var payload = copy.get().payload();
        out.printf(
                "  %s crowd-safety-measure: no answer by its deadline, so the backbone ESCALATED it (step %s) to %s/%s,"
                        + " who must answer by %s%n",
                unanswered,
                payload.get("step"),
                ((org.apache.avro.generic.GenericRecord) payload.get("notify")).get("agency"),
                ((org.apache.avro.generic.GenericRecord) payload.get("notify")).get("role"),
                payload.get("respondBy") instanceof Long millis
                        ? Instant.ofEpochMilli(millis)
                        : payload.get("respondBy"));
        out.printf(
                "      guard's SDK opened the escalation with its own key and verified it: sender %s, purpose %s,"
                        + " audit %s to %s (%s)%n",
                copy.get().provenance().sender(),
                copy.get().provenance().purpose(),
                escalated.get().getDecision(),
                escalated.get().getRecipient(),
                escalated.get().getReasonCode());
        out.flush();
    }
}
