package io.liaison.audit.report;

import io.liaison.policy.Action;
import io.liaison.policy.ComplaintStatus;
import io.liaison.policy.Policy;
import io.liaison.schemas.audit.AuditDecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The only words a transparency report publishes: the ids a policy declares, named as the policy
 * names them, and fixed phrases for decisions, redaction actions and the catch-all rows. Any other
 * value an audit record carries (a purpose an analyst typed into a refused request, an agency the
 * policy does not know) is counted under {@link #UNDECLARED} and never shown.
 */
final class ReportVocabulary {
    /** Declared keys are policy ids, schema names and enum names, none with parentheses: these never collide. */
    static final Row UNDECLARED = new Row("(undeclared)", "other (not declared in the policy)");

    // What "no value" means is set by the writers: the backbone names no purpose on a withheld copy
    // and nothing but the sender on a quarantined message (streams Backbone); the consumer gateway
    // records feed access with no sender or message type, and with no purpose when the request
    // named none or a malformed one (consumer-gateway AuditTrail, FeedEndpoints); an expungement
    // names the sender and no recipient or purpose (runtime Expunger).
    static final Row NO_FLOW =
            new Row("(none)", "no copy between two agencies (quarantined messages, analyst feed access, expungements)");
    static final Row NO_TYPE = new Row("(none)", "no message type (quarantined messages, analyst feed access)");
    static final Row NO_PURPOSE = new Row(
            "(none)",
            "no purpose recorded (copies withheld, quarantined messages, feed requests naming none, expungements)");

    /** The steps of a directive's life the report counts, in display order. */
    static final List<AuditDecision> DIRECTIVE_STEPS = List.of(
            AuditDecision.DIRECTIVE_ISSUED,
            AuditDecision.DIRECTIVE_ACKNOWLEDGED,
            AuditDecision.DIRECTIVE_DECLINED,
            AuditDecision.DIRECTIVE_ESCALATED,
            AuditDecision.DIRECTIVE_UNRESOLVED);

    /**
     * The rule id the backbone's directive tracker records on every step of a directive: the kind's
     * entry in the policy's {@code command.directives}, {@code command.directives.<kind>}.
     */
    static final String DIRECTIVE_RULE_PREFIX = "command.directives.";

    /** The message type of public notices. */
    static final String COMMUNITY_NOTICE = "CommunityNotice";

    /** A row a table may publish: a stable key for machines, words for residents. */
    record Row(String key, String label) {}

    /**
     * The rows of one table in display order: the declared ones, then {@link #UNDECLARED}, then
     * {@code absent} when a record may carry no value at all.
     */
    record Rows(Map<String, Row> declared, Optional<Row> absent) {
        Rows {
            declared = Collections.unmodifiableMap(new LinkedHashMap<>(declared));
        }

        static Rows of(List<Row> declared, Optional<Row> absent) {
            Map<String, Row> byKey = new LinkedHashMap<>();
            declared.forEach(row -> byKey.put(row.key(), row));
            return new Rows(byKey, absent);
        }

        /** The row a record's value is counted under; the value itself goes no further. */
        Row rowOf(String value) {
            if (value == null) {
                return absent.orElseThrow(() -> new IllegalArgumentException("this table has no row for no value"));
            }
            return declared.getOrDefault(value, UNDECLARED);
        }

        List<Row> inOrder() {
            List<Row> all = new ArrayList<>(declared.values());
            all.add(UNDECLARED);
            absent.ifPresent(all::add);
            return all;
        }
    }

    private final Policy policy;

    ReportVocabulary(Policy policy) {
        this.policy = policy;
    }

    String policyName() {
        return policy.name();
    }

    String policyVersion() {
        return policy.version();
    }

    /** Every ordered pair of declared agencies, keyed {@code sender->recipient}, named by their display names. */
    Rows flows() {
        List<Row> rows = new ArrayList<>();
        for (String sender : policy.agencies()) {
            for (String recipient : policy.agencies()) {
                rows.add(new Row(flowKey(sender, recipient), agencyName(sender) + " \u2192 " + agencyName(recipient)));
            }
        }
        return Rows.of(rows, Optional.of(NO_FLOW));
    }

    static String flowKey(String sender, String recipient) {
        return sender + "->" + recipient;
    }

    /** Declared purposes, named by the policy's description of each. */
    Rows purposes() {
        List<Row> rows = new ArrayList<>();
        policy.purposes().forEach((id, description) -> rows.add(new Row(id, sentence(description, id))));
        return Rows.of(rows, Optional.of(NO_PURPOSE));
    }

    /** Message types some declared agency may issue, in words ("IncidentReport" is "Incident report"). */
    Rows messageTypes() {
        Set<String> types = new LinkedHashSet<>();
        policy.agencies().forEach(agency -> types.addAll(policy.issuableBy(agency)));
        return Rows.of(types.stream().sorted().map(t -> new Row(t, words(t))).toList(), Optional.of(NO_TYPE));
    }

    /** Declared agencies by their names. */
    static Rows agencyRows(Policy policy) {
        List<Row> rows = new ArrayList<>();
        for (String id : policy.agencies()) {
            rows.add(new Row(
                    id, policy.agency(id).map(a -> sentence(a.name(), id)).orElse(id)));
        }
        return Rows.of(rows, Optional.empty());
    }

    /** Declared directive kinds by their descriptions. */
    static Rows kindRows(Map<String, String> kinds) {
        List<Row> rows = new ArrayList<>();
        kinds.forEach((id, description) -> rows.add(new Row(id, sentence(description, id))));
        return Rows.of(rows, Optional.empty());
    }

    /** Each directive step crossed with each row of {@code by}: keys {@code DIRECTIVE_ISSUED:<row key>}. */
    static Rows directiveSteps(Rows by) {
        List<Row> rows = new ArrayList<>();
        for (AuditDecision step : DIRECTIVE_STEPS) {
            for (Row row : by.declared().values()) {
                rows.add(new Row(step.name() + ":" + row.key(), stepLabel(step) + ": " + row.label()));
            }
        }
        return Rows.of(rows, Optional.empty());
    }

    /** The key a directive record is counted under; with no value it matches no declared row. */
    static String stepKey(AuditDecision step, String value) {
        return step.name() + ":" + (value == null ? "" : value);
    }

    /** The directive kind a step's record names in its rule ids, or null. */
    static String directiveKind(List<String> ruleIds) {
        return ruleIds.stream()
                .filter(id -> id.startsWith(DIRECTIVE_RULE_PREFIX))
                .map(id -> id.substring(DIRECTIVE_RULE_PREFIX.length()))
                .findFirst()
                .orElse(null);
    }

    /** Declared complaint categories crossed with every status: keys {@code <category>:<status>}. */
    Rows complaints() {
        List<Row> rows = new ArrayList<>();
        policy.complaints()
                .ifPresent(c -> c.categories().forEach((id, description) -> {
                    for (ComplaintStatus status : ComplaintStatus.values()) {
                        rows.add(new Row(
                                complaintKey(id, status.key()), sentence(description, id) + ": " + status.key()));
                    }
                }));
        return Rows.of(rows, Optional.empty());
    }

    /** The key a complaint is counted under; with no category it matches no declared row. */
    static String complaintKey(String category, String status) {
        return (category == null ? "" : category) + ":" + status;
    }

    private static String stepLabel(AuditDecision step) {
        return switch (step) {
            case DIRECTIVE_ISSUED -> "issued";
            case DIRECTIVE_ACKNOWLEDGED -> "accepted";
            case DIRECTIVE_DECLINED -> "declined";
            case DIRECTIVE_ESCALATED -> "escalated";
            case DIRECTIVE_UNRESOLVED -> "unanswered at the end of the path";
            default -> throw new IllegalArgumentException(step + " is not a directive step");
        };
    }

    /** Every decision the audit schema knows; a record always has one. */
    static Rows decisions() {
        return Rows.of(
                Arrays.stream(AuditDecision.values())
                        .map(d -> new Row(d.name(), decisionLabel(d)))
                        .toList(),
                Optional.empty());
    }

    /** Every redaction action; only actions other than KEEP are ever recorded. */
    static Rows actions() {
        return Rows.of(
                Arrays.stream(Action.values())
                        .map(a -> new Row(a.name(), actionLabel(a)))
                        .toList(),
                Optional.empty());
    }

    static String decisionLabel(AuditDecision decision) {
        return switch (decision) {
            case DELIVERED -> "copies delivered to an agency";
            case DENIED -> "copies withheld by policy";
            case QUARANTINED -> "messages quarantined (failed a check, sent to no one)";
            case ACCESS_DENIED -> "analyst feed access refused or ended";
            case SUBSCRIBED -> "analyst feed access granted";
            case EXPUNGED -> "messages expunged by court order";
            case RELEASED -> "quarantined messages released for verification again";
            case DIRECTIVE_ISSUED -> "directives issued";
            case DIRECTIVE_ACKNOWLEDGED -> "directives accepted by their addressee";
            case DIRECTIVE_DECLINED -> "directives declined by their addressee";
            case DIRECTIVE_ESCALATED -> "directives escalated to the next authority";
            case DIRECTIVE_UNRESOLVED -> "directives left unanswered at the end of their escalation path";
            case COMPLAINT_RECEIVED -> "complaints received from the public";
            case COMPLAINT_STATUS_CHANGED -> "complaint status changes";
            case VIEWED -> "copies shown to analysts";
        };
    }

    static String actionLabel(Action action) {
        return switch (action) {
            case KEEP -> "fields delivered as sent";
            case GENERALIZE -> "fields made less precise";
            case PSEUDONYMIZE -> "fields replaced by a pseudonym";
            case MASK -> "fields partly hidden";
            case REDACT_TEXT -> "identifiers removed from free text";
            case DROP -> "fields withheld";
        };
    }

    private String agencyName(String id) {
        return policy.agency(id).map(a -> sentence(a.name(), id)).orElse(id);
    }

    /** Policy text on one line (a folded YAML value may end with a newline). */
    private static String sentence(String text, String fallback) {
        String line = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return line.isEmpty() ? fallback : line;
    }

    private static String words(String camelCase) {
        String spaced = camelCase.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ");
        return spaced.charAt(0) + spaced.substring(1).toLowerCase(Locale.ROOT);
    }
}
