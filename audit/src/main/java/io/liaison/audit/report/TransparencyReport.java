package io.liaison.audit.report;

import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.report.ReportVocabulary.Row;
import io.liaison.audit.report.ReportVocabulary.Rows;
import io.liaison.policy.ComplaintStatus;
import io.liaison.policy.ComplaintsPolicy;
import io.liaison.policy.Policy;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The public outcome figures, computed from the audit records a signed checkpoint covers.
 *
 * <p>Published words: a row is named only by what the policy in force declares (see {@link
 * ReportVocabulary}). A value it does not declare, such as a purpose typed into a refused feed
 * request, is counted under one "other" row and never shown, so no caller-chosen text reaches
 * the public report.
 *
 * <p>Small-cell suppression: a count from 1 to k-1 is shown as {@code <k}. Because the total is
 * published exactly, a single suppressed cell in a table could be recovered by subtraction, so
 * when a table has exactly one suppressed cell the next smallest non-zero cell is suppressed too
 * (complementary suppression).
 *
 * @param checkpoint    the checkpoint whose records were counted
 * @param policyName    the name of the policy whose declarations name the rows
 * @param policyVersion that policy's version
 * @param from          inclusive start of the window, or null
 * @param to            exclusive end of the window, or null
 * @param k             the suppression threshold
 * @param total         records counted (exact)
 * @param tables        one table per dimension, in display order
 * @param timeline      counts per time bucket
 * @param bucket        the bucket width of the timeline: hours for windows up to 3 days, else days
 */
public record TransparencyReport(
        Checkpoint checkpoint,
        String policyName,
        String policyVersion,
        Instant from,
        Instant to,
        int k,
        long total,
        List<Table> tables,
        Table timeline,
        ChronoUnit bucket) {
    public static final int DEFAULT_K = 10;

    public TransparencyReport {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        tables = List.copyOf(tables);
    }

    /**
     * One count as published: exact, or suppressed.
     *
     * @param key   stable and machine-readable: a policy id, an enum name, {@code (undeclared)} or {@code (none)}
     * @param label the row in plain words
     */
    public record Cell(String key, String label, long count, boolean suppressed) {
        public String display(int k) {
            return suppressed ? "<" + k : Long.toString(count);
        }
    }

    /** A titled table of cells. */
    public record Table(String id, String title, List<Cell> cells) {
        public Table {
            cells = List.copyOf(cells);
        }
    }

    /**
     * @param records    the audit records covered by {@code checkpoint} (indices 0 .. size-1), in log order
     * @param policy     the policy in force: its agencies, purposes, message types and directive kinds are the rows shown
     * @param from       inclusive start of the window on event time, or null
     * @param to         exclusive end, or null
     */
    public static TransparencyReport compute(
            Checkpoint checkpoint, List<AuditRecord> records, Policy policy, Instant from, Instant to, int k) {
        Map<String, String> kinds = new LinkedHashMap<>();
        policy.command().kinds().forEach((id, kind) -> kinds.put(id, kind.description()));
        return compute(checkpoint, records, policy, kinds, from, to, k);
    }

    /**
     * @param directiveKinds the directive kinds the policy declares (id to description): the only kinds named in
     *                       the directive tables (a step's kind is its {@code command.directives.<kind>} rule id);
     *                       any other kind is counted as undeclared
     */
    public static TransparencyReport compute(
            Checkpoint checkpoint,
            List<AuditRecord> records,
            Policy policy,
            Map<String, String> directiveKinds,
            Instant from,
            Instant to,
            int k) {
        if (records.size() != checkpoint.size()) {
            throw new IllegalArgumentException("the report must count exactly the " + checkpoint.size()
                    + " records the checkpoint covers, got " + records.size());
        }
        List<AuditRecord> window = records.stream()
                .filter(r -> (from == null || !r.getEventTime().isBefore(from))
                        && (to == null || r.getEventTime().isBefore(to)))
                .toList();
        ReportVocabulary vocabulary = new ReportVocabulary(policy);
        List<Table> tables = List.of(
                table(
                        "flows",
                        "Sending agency \u2192 receiving agency",
                        vocabulary.flows(),
                        window,
                        k,
                        r -> r.getSender() == null || r.getRecipient() == null
                                ? null
                                : ReportVocabulary.flowKey(r.getSender(), r.getRecipient())),
                table("types", "Message type", vocabulary.messageTypes(), window, k, AuditRecord::getMessageType),
                table("purposes", "Declared purpose", vocabulary.purposes(), window, k, AuditRecord::getPurpose),
                table(
                        "decisions",
                        "Decision",
                        ReportVocabulary.decisions(),
                        window,
                        k,
                        r -> r.getDecision().name()),
                redactionTable(window, k),
                table(
                        "directives-by-agency",
                        "Directives by step and issuing agency",
                        ReportVocabulary.directiveSteps(ReportVocabulary.agencyRows(policy)),
                        directives(window),
                        k,
                        r -> ReportVocabulary.stepKey(r.getDecision(), r.getSender())),
                table(
                        "directives-by-kind",
                        "Directives by step and kind",
                        ReportVocabulary.directiveSteps(ReportVocabulary.kindRows(directiveKinds)),
                        directives(window),
                        k,
                        r -> ReportVocabulary.stepKey(r.getDecision(), ReportVocabulary.directiveKind(r.getRuleIds()))),
                complaintsTable(window, records, vocabulary, k),
                table(
                        "notices",
                        "Public notices issued, by issuing agency",
                        ReportVocabulary.agencyRows(policy),
                        notices(window, policy),
                        k,
                        r -> Objects.toString(r.getSender(), "")));
        ChronoUnit bucket = bucketFor(window);
        Table timeline = timeline(window, bucket, k);
        return new TransparencyReport(
                checkpoint,
                vocabulary.policyName(),
                vocabulary.policyVersion(),
                from,
                to,
                k,
                window.size(),
                tables,
                timeline,
                bucket);
    }

    private static Table table(
            String id, String title, Rows rows, List<AuditRecord> records, int k, Function<AuditRecord, String> value) {
        Map<Row, Long> counts = new HashMap<>();
        for (AuditRecord r : records) {
            counts.merge(rows.rowOf(value.apply(r)), 1L, Long::sum);
        }
        return new Table(id, title, suppress(rows.inOrder(), counts, k, true));
    }

    private static List<AuditRecord> directives(List<AuditRecord> records) {
        return records.stream()
                .filter(r -> ReportVocabulary.DIRECTIVE_STEPS.contains(r.getDecision()))
                .toList();
    }

    /** Copies of a CommunityNotice delivered to the agency that stands for the public. */
    private static List<AuditRecord> notices(List<AuditRecord> records, Policy policy) {
        String publicAgency =
                policy.complaints().flatMap(ComplaintsPolicy::publicAgency).orElse(null);
        return records.stream()
                .filter(r -> r.getDecision() == AuditDecision.DELIVERED
                        && ReportVocabulary.COMMUNITY_NOTICE.equals(r.getMessageType())
                        && publicAgency != null
                        && publicAgency.equals(r.getRecipient()))
                .toList();
    }

    /**
     * Complaints received in the window, each counted once under its category and its latest status in the whole
     * covered log (a complaint filed in the window and closed after it counts as closed).
     */
    private static Table complaintsTable(
            List<AuditRecord> window, List<AuditRecord> all, ReportVocabulary vocabulary, int k) {
        Map<String, String> latest = new HashMap<>();
        for (AuditRecord r : all) {
            if (r.getDecision() == AuditDecision.COMPLAINT_STATUS_CHANGED && r.getMessageId() != null) {
                latest.put(r.getMessageId(), r.getReasonCode());
            }
        }
        Rows rows = vocabulary.complaints();
        Map<Row, Long> counts = new HashMap<>();
        for (AuditRecord r : window) {
            if (r.getDecision() == AuditDecision.COMPLAINT_RECEIVED) {
                String status = latest.getOrDefault(r.getMessageId(), ComplaintStatus.RECEIVED.key());
                counts.merge(rows.rowOf(ReportVocabulary.complaintKey(r.getReasonCode(), status)), 1L, Long::sum);
            }
        }
        return new Table(
                "complaints",
                "Complaints from the public, by category and current status",
                suppress(rows.inOrder(), counts, k, true));
    }

    /** Deliveries in which at least one field was withheld or transformed by each action. */
    private static Table redactionTable(List<AuditRecord> records, int k) {
        Rows rows = ReportVocabulary.actions();
        Map<Row, Long> counts = new HashMap<>();
        for (AuditRecord r : records) {
            r.getFieldActions().stream()
                    .map(a -> rows.rowOf(a.getAction()))
                    .distinct()
                    .forEach(row -> counts.merge(row, 1L, Long::sum));
        }
        return new Table(
                "redactions",
                "Messages with fields withheld or transformed, by action",
                suppress(rows.inOrder(), counts, k, true));
    }

    private static Table timeline(List<AuditRecord> records, ChronoUnit bucket, int k) {
        Map<Instant, Long> counts = new TreeMap<>();
        for (AuditRecord r : records) {
            counts.merge(r.getEventTime().truncatedTo(bucket), 1L, Long::sum);
        }
        DateTimeFormatter format = DateTimeFormatter.ofPattern(
                        bucket == ChronoUnit.HOURS ? "yyyy-MM-dd HH:00" : "yyyy-MM-dd")
                .withZone(ZoneOffset.UTC);
        Map<Row, Long> byRow = new LinkedHashMap<>();
        counts.forEach((at, n) -> byRow.put(new Row(at.toString(), format.format(at)), n));
        // Time buckets keep their order, and their sum is not a published table total, so no complementary suppression.
        return new Table(
                "timeline",
                "Decisions per " + (bucket == ChronoUnit.HOURS ? "hour" : "day") + " (UTC)",
                suppress(List.copyOf(byRow.keySet()), byRow, k, false));
    }

    private static ChronoUnit bucketFor(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return ChronoUnit.DAYS;
        }
        Instant first = records.stream()
                .map(AuditRecord::getEventTime)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        Instant last = records.stream()
                .map(AuditRecord::getEventTime)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        return Duration.between(first, last).compareTo(Duration.ofDays(3)) <= 0 ? ChronoUnit.HOURS : ChronoUnit.DAYS;
    }

    /** Cells for the rows of {@code order} with a non-zero count; no other row is ever published. */
    private static List<Cell> suppress(List<Row> order, Map<Row, Long> counts, int k, boolean complementary) {
        List<Row> rows = order.stream().filter(counts::containsKey).toList();
        Map<Row, Boolean> hidden = new HashMap<>();
        rows.forEach(row -> hidden.put(row, counts.get(row) < k));
        if (complementary && hidden.values().stream().filter(h -> h).count() == 1) {
            rows.stream()
                    .filter(row -> !hidden.get(row))
                    .min(Comparator.comparing(counts::get))
                    .ifPresent(row -> hidden.put(row, true));
        }
        return rows.stream()
                .map(row -> new Cell(row.key(), row.label(), counts.get(row), hidden.get(row)))
                .toList();
    }
}
