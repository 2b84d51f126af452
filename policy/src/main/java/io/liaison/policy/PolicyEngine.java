package io.liaison.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Decides, for each agency other than the sender, whether and under which purpose and profile a
 * message is delivered. Pure: no I/O, no clock, same answer for the same policy and facts.
 *
 * <p>Order of evaluation for one recipient:
 * <ol>
 *   <li>the sender must be an agency of the policy ({@value #UNKNOWN_SENDER}) allowed to issue the type
 *       ({@value #PUBLISHER_AUTHORITY});</li>
 *   <li>a non-empty releasability list must name the recipient ({@value #RELEASABILITY});</li>
 *   <li>each of the recipient's standing purposes is tried in the order declared: if any deny rule
 *       matches (message, recipient, purpose) that purpose is refused (deny overrides allow); otherwise
 *       the first allow rule in file order that matches delivers under that purpose;</li>
 *   <li>no purpose delivered: deny, naming the first deny rule met, else {@value #DEFAULT_DENY}.</li>
 * </ol>
 */
public final class PolicyEngine {
    public static final String DEFAULT_DENY = "default-deny";
    public static final String RELEASABILITY = "releasability";
    public static final String PUBLISHER_AUTHORITY = "publisher-authority";
    public static final String UNKNOWN_SENDER = "unknown-sender";
    public static final String PURPOSE_NOT_DECLARED = "purpose-not-declared";

    private PolicyEngine() {}

    /** One decision per agency of the policy other than the sender, in the policy's agency order. */
    public static List<RecipientDecision> decide(Policy policy, MessageFacts facts) {
        List<RecipientDecision> out = new ArrayList<>();
        for (String recipient : policy.agencies()) {
            if (recipient.equals(facts.sender())) {
                continue;
            }
            Agency agency = policy.agency(recipient).orElseThrow();
            out.add(decide(policy, facts, agency, agency.standing()));
        }
        return out;
    }

    /**
     * The decision for one recipient declaring one purpose (as {@code policy explain --purpose} asks).
     *
     * @throws IllegalArgumentException if the recipient is not an agency of the policy, or is the sender
     */
    public static RecipientDecision decide(Policy policy, MessageFacts facts, String recipient, String purpose) {
        Agency agency = policy.agency(recipient)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown recipient agency '" + recipient + "'; known: " + policy.agencies()));
        if (recipient.equals(facts.sender())) {
            throw new IllegalArgumentException("the sender " + recipient + " is not a recipient of its own message");
        }
        if (!agency.purposes().contains(purpose)) {
            return new Deny(
                    recipient,
                    PURPOSE_NOT_DECLARED,
                    recipient + " may not declare purpose '" + purpose + "'; it may declare " + agency.purposes());
        }
        return decide(policy, facts, agency, List.of(purpose));
    }

    /**
     * The payload's values for the fields rules match on ({@link Policy#attributeFields}), as strings
     * (enum symbols by name). Feed the result to {@link MessageFacts#withAttributes}.
     */
    public static Map<String, String> attributes(Policy policy, GenericRecord payload) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String field : policy.attributeFields(payload.getSchema().getName())) {
            Schema.Field f = payload.getSchema().getField(field);
            Object value = f == null ? null : payload.get(f.pos());
            if (value != null) {
                out.put(field, value.toString());
            }
        }
        return out;
    }

    private static RecipientDecision decide(
            Policy policy, MessageFacts facts, Agency recipient, List<String> purposes) {
        String to = recipient.id();
        if (policy.agency(facts.sender()).isEmpty()) {
            return new Deny(to, UNKNOWN_SENDER, "sender '" + facts.sender() + "' is not an agency of this policy");
        }
        if (!policy.mayIssue(facts.sender(), facts.messageType())) {
            return new Deny(
                    to,
                    PUBLISHER_AUTHORITY,
                    facts.sender() + " may not issue " + facts.messageType() + "; it may issue "
                            + policy.issuableBy(facts.sender()));
        }
        if (!facts.releasability().isEmpty() && !facts.releasability().contains(to)) {
            return new Deny(
                    to,
                    RELEASABILITY,
                    "the sender released this message only to " + new TreeSet<>(facts.releasability()));
        }
        Optional<Rule> firstDeny = Optional.empty();
        for (String purpose : purposes) {
            Optional<Rule> deny = firstMatching(policy, facts, to, purpose, Rule.Effect.DENY);
            if (deny.isPresent()) {
                firstDeny = firstDeny.or(() -> deny);
                continue;
            }
            Optional<Rule> allow = firstMatching(policy, facts, to, purpose, Rule.Effect.ALLOW);
            if (allow.isPresent()) {
                return new Deliver(to, purpose, allow.get().id(), allow.get().profile());
            }
        }
        if (firstDeny.isPresent()) {
            return new Deny(to, firstDeny.get().id(), firstDeny.get().description());
        }
        return new Deny(
                to,
                DEFAULT_DENY,
                "no allow rule matches " + facts.messageType() + " from " + facts.sender() + " ("
                        + facts.classification() + ") to " + to + " for "
                        + (purposes.isEmpty() ? "any purpose (it has no standing purpose)" : "purposes " + purposes));
    }

    private static Optional<Rule> firstMatching(
            Policy policy, MessageFacts facts, String recipient, String purpose, Rule.Effect effect) {
        return policy.rules().stream()
                .filter(r -> r.effect() == effect && r.match().matches(facts, recipient, purpose))
                .findFirst();
    }
}
