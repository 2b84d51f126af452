package io.liaison.streams;

import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.command.CommandEvent;
import io.liaison.schemas.command.DirectiveState;
import io.liaison.schemas.command.DirectiveStatus;
import io.liaison.schemas.common.CommandRoleRef;
import io.liaison.schemas.common.EscalationHop;
import io.liaison.schemas.payload.Escalation;
import io.liaison.schemas.payload.EscalationCause;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The directive tracker's logic, free of Kafka: one directive's state, advanced by its accepted
 * directive, its acknowledgements, and the passing of time. Every transition says what to write:
 * audit records and escalations. The Streams processor around it ({@link LiaisonTopology}) keeps the
 * state in a persistent, changelogged store and writes the effects in the same exactly-once
 * transaction, so a crash between a deadline and its escalation neither loses nor doubles it.
 *
 * <p>Rules, as a command post expects them: a directive is settled when every addressee has accepted
 * it, or when an authority it was escalated to accepts it. Unsettled at its deadline, or declined by
 * anyone it addresses, it goes to the next role on its kind's escalation path (the path of the policy
 * that accepted it), who has that step's time to answer; after the last step it is unresolved. An
 * acceptance arriving late still settles it and is recorded. Answers from roles the directive never
 * reached are ignored. A directive id already tracked is not replaced by a later directive.
 */
public final class DirectiveTracking {
    static {
        LiaisonSchemas.trustGeneratedClasses(); // builds and reads the generated command records
    }

    private DirectiveTracking() {}

    /** What one transition writes. */
    sealed interface Effect {
        /**
         * One audit record about a directive.
         *
         * @param messageId    the message it is about (the directive, the answer, or the escalation)
         * @param counterpart  the agency concerned: the addressee, responder or authority told
         * @param reasonCode   for an escalation its cause, for an unresolved directive why
         */
        record Audit(
                AuditDecision decision,
                String directiveId,
                String messageId,
                String messageType,
                String issuerAgency,
                String counterpart,
                String kind,
                String reasonCode,
                String policyVersion)
                implements Effect {}

        /**
         * Tell {@code escalation.notify} (a backbone-issued message to its agency's inbox) and record it with
         * {@code audit}, which then names the delivered copy.
         */
        record Notify(Escalation escalation, String purpose, Audit audit) implements Effect {}
    }

    /** The state to keep (never null) and what to write. */
    record Step(DirectiveState state, List<Effect> effects) {}

    /** The message id of step {@code step}'s escalation: derived, so a retried transaction writes the same message. */
    public static String escalationMessageId(String directiveId, int step) {
        return java.util
                .UUID
                .nameUUIDFromBytes(("liaison/escalation/" + directiveId + "/" + step)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    static Step onEvent(DirectiveState current, CommandEvent event, Instant now) {
        return event.getKind() != null ? onDirective(current, event, now) : onAnswer(current, event, now);
    }

    private static Step onDirective(DirectiveState current, CommandEvent directive, Instant now) {
        if (current != null && current.getDirective() != null) {
            return new Step(current, List.of()); // first directive with an id wins; see the class comment
        }
        DirectiveState state = DirectiveState.newBuilder()
                .setDirectiveId(directive.getDirectiveId())
                .setStatus(DirectiveStatus.OPEN)
                .setDirective(directive)
                .setOutstanding(new ArrayList<>(directive.getAddressees()))
                .setStep(0)
                .setDueAt(directive.getDeadline())
                .setEarly(List.of())
                .setUpdatedAt(now)
                .build();
        // one record per directive (counted by kind and issuing agency); its deliveries have their own
        List<Effect> effects = new ArrayList<>();
        effects.add(audit(state, AuditDecision.DIRECTIVE_ISSUED, directive.getMessageId(), "Directive", null, null));
        Step step = new Step(state, effects);
        for (CommandEvent early : current == null ? List.<CommandEvent>of() : current.getEarly()) {
            Step next = onAnswer(step.state(), early, now);
            effects.addAll(next.effects());
            step = new Step(next.state(), effects);
        }
        return step;
    }

    private static Step onAnswer(DirectiveState current, CommandEvent answer, Instant now) {
        if (current == null || current.getDirective() == null) {
            DirectiveState waiting = current != null
                    ? current
                    : DirectiveState.newBuilder()
                            .setDirectiveId(answer.getDirectiveId())
                            .setStatus(DirectiveStatus.AWAITING_DIRECTIVE)
                            .setUpdatedAt(now)
                            .build();
            List<CommandEvent> early = new ArrayList<>(waiting.getEarly());
            early.add(answer);
            waiting.setEarly(early);
            waiting.setUpdatedAt(now);
            return new Step(waiting, List.of());
        }
        CommandRoleRef responder = answer.getRole();
        boolean addressee = current.getDirective().getAddressees().contains(responder);
        boolean toldAuthority = current.getDirective().getPath().stream()
                .limit(current.getStep())
                .anyMatch(hop -> hop.getAuthority().equals(responder));
        if (!addressee && !toldAuthority) {
            return new Step(current, List.of());
        }
        List<Effect> effects = new ArrayList<>();
        boolean accept = "ACCEPT".equals(answer.getResponse());
        effects.add(audit(
                current,
                accept ? AuditDecision.DIRECTIVE_ACKNOWLEDGED : AuditDecision.DIRECTIVE_DECLINED,
                answer.getMessageId(),
                "Acknowledgement",
                responder.getAgency(),
                null));
        boolean open = current.getStatus() == DirectiveStatus.OPEN || current.getStatus() == DirectiveStatus.ESCALATED;
        if (accept) {
            List<CommandRoleRef> outstanding = new ArrayList<>(current.getOutstanding());
            outstanding.remove(responder);
            current.setOutstanding(outstanding);
            if (toldAuthority || outstanding.isEmpty()) {
                current.setStatus(DirectiveStatus.ACKNOWLEDGED);
                current.setDueAt(null);
            }
        } else if (open) {
            Step escalated = escalate(current, EscalationCause.DECLINED, now);
            effects.addAll(escalated.effects());
        }
        current.setUpdatedAt(now);
        return new Step(current, effects);
    }

    /** Escalates (or ends the path) when {@code now} is at or past the due time of an open directive. */
    static Step onTime(DirectiveState current, Instant now) {
        boolean open = current.getStatus() == DirectiveStatus.OPEN || current.getStatus() == DirectiveStatus.ESCALATED;
        if (!open || current.getDueAt() == null || now.isBefore(current.getDueAt())) {
            return new Step(current, List.of());
        }
        return escalate(current, EscalationCause.NO_ACKNOWLEDGEMENT, now);
    }

    /** Whether a sweep at {@code now} would do something for this state. */
    static boolean due(DirectiveState state, Instant now) {
        return (state.getStatus() == DirectiveStatus.OPEN || state.getStatus() == DirectiveStatus.ESCALATED)
                && state.getDueAt() != null
                && !now.isBefore(state.getDueAt());
    }

    private static Step escalate(DirectiveState s, EscalationCause cause, Instant now) {
        CommandEvent directive = s.getDirective();
        List<EscalationHop> path = directive.getPath();
        Instant missed = Objects.requireNonNullElse(s.getDueAt(), now);
        if (s.getStep() >= path.size()) {
            s.setStatus(DirectiveStatus.UNRESOLVED);
            s.setDueAt(null);
            s.setUpdatedAt(now);
            return new Step(
                    s,
                    List.of(audit(
                            s,
                            AuditDecision.DIRECTIVE_UNRESOLVED,
                            directive.getMessageId(),
                            "Directive",
                            directive.getSender(),
                            cause.name())));
        }
        EscalationHop hop = path.get(s.getStep());
        int step = s.getStep() + 1;
        Instant respondBy = now.plusMillis(hop.getWithinMillis());
        Escalation escalation = Escalation.newBuilder()
                .setEscalationId(directive.getDirectiveId() + "/" + step)
                .setDirectiveId(directive.getDirectiveId())
                .setKind(directive.getKind())
                .setIssuer(directive.getRole())
                .setAddressees(directive.getAddressees())
                .setOutstanding(new ArrayList<>(s.getOutstanding()))
                .setStep(step)
                .setNotify(hop.getAuthority())
                .setCause(cause)
                .setMissedDeadline(missed)
                .setRespondBy(respondBy)
                .build();
        s.setStep(step);
        s.setStatus(DirectiveStatus.ESCALATED);
        s.setDueAt(respondBy);
        s.setUpdatedAt(now);
        return new Step(
                s,
                List.of(new Effect.Notify(
                        escalation,
                        directive.getPurpose(),
                        audit(
                                s,
                                AuditDecision.DIRECTIVE_ESCALATED,
                                escalationMessageId(directive.getDirectiveId(), step),
                                LiaisonSchemas.ESCALATION,
                                hop.getAuthority().getAgency(),
                                cause.name()))));
    }

    private static Effect.Audit audit(
            DirectiveState s,
            AuditDecision decision,
            String messageId,
            String messageType,
            String counterpart,
            String reasonCode) {
        CommandEvent d = s.getDirective();
        return new Effect.Audit(
                decision,
                s.getDirectiveId(),
                messageId,
                messageType,
                d.getSender(),
                counterpart,
                d.getKind(),
                reasonCode,
                d.getPolicyVersion());
    }
}
