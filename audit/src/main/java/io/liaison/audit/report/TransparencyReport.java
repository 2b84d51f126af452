package io.liaison.audit.report;

import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.schemas.audit.AuditFieldAction;
import io.liaison.schemas.audit.AuditRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The public outcome figures, computed from the audit records a signed checkpoint covers.
 *
 * <p>Small-cell suppression: a count from 1 to k-1 is shown as {@code <k}. Because the total is
 * published exactly, a single suppressed cell in a table could be recovered by subtraction, so
 * when a table has exactly one suppressed cell the next smallest non-zero cell is suppressed too
 * (complementary suppression).
 *
 * @param checkpoint the checkpoint whose records were counted
 * @param from       inclusive start of the window, or null
 * @param to         exclusive end of the window, or null
 * @param k          the suppression threshold
 * @param total      records counted (exact)
 * @param tables     one table per dimension, in display order
 * @param timeline   counts per time bucket
 * @param bucket     the bucket width of the timeline: hours for windows up to 3 days, else days
 */
public record TransparencyReport(
        Checkpoint checkpoint,
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

    /** One count as published: exact, or suppressed. */
    public record Cell(String label, long count, boolean suppressed) {
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
     * @param from       inclusive start of the window on event time, or null
     * @param to         exclusive end, or null
     */
    public static TransparencyReport compute(
            Checkpoint checkpoint, List<AuditRecord> records, Instant from, Instant to, int k) {
        if (records.size() != checkpoint.size()) {
            throw new IllegalArgumentException("the report must count exactly the " + checkpoint.size()
                    + " records the checkpoint covers, got " + records.size());
        }
        List<AuditRecord> window = records.stream()
                .filter(r -> (from == null || !r.getEventTime().isBefore(from))
                        && (to == null || r.getEventTime().isBefore(to)))
                .toList();
        List<Table> tables = List.of(
                table(
                        "flows",
                        "Sender \u2192 recipient",
                        window,
                        k,
                        r -> r.getSender() == null || r.getRecipient() == null
                                ? null
                                : r.getSender() + " \u2192 " + r.getRecipient()),
                table("types", "Message type", window, k, AuditRecord::getMessageType),
                table("purposes", "Declared purpose", window, k, AuditRecord::getPurpose),
                table("decisions", "Decision", window, k, r -> r.getDecision().name()),
                redactionTable(window, k));
        ChronoUnit bucket = bucketFor(window);
        Table timeline = timeline(window, bucket, k);
        return new TransparencyReport(checkpoint, from, to, k, window.size(), tables, timeline, bucket);
    }

    private static Table table(
            String id, String title, List<AuditRecord> records, int k, Function<AuditRecord, String> key) {
        Map<String, Long> counts = new TreeMap<>();
        for (AuditRecord r : records) {
            String label = key.apply(r);
            counts.merge(label == null ? "(none)" : label, 1L, Long::sum);
        }
        return new Table(id, title, suppress(counts, k, true));
    }

    /** Deliveries in which at least one field was withheld or transformed by each action. */
    private static Table redactionTable(List<AuditRecord> records, int k) {
        Map<String, Long> counts = new TreeMap<>();
        for (AuditRecord r : records) {
            r.getFieldActions().stream()
                    .map(AuditFieldAction::getAction)
                    .distinct()
                    .forEach(a -> counts.merge(a, 1L, Long::sum));
        }
        return new Table(
                "redactions", "Messages with fields withheld or transformed, by action", suppress(counts, k, true));
    }

    private static Table timeline(List<AuditRecord> records, ChronoUnit bucket, int k) {
        Map<String, Long> counts = new TreeMap<>();
        for (AuditRecord r : records) {
            counts.merge(r.getEventTime().truncatedTo(bucket).toString(), 1L, Long::sum);
        }
        // Time buckets keep their order, and their sum is not a published table total, so no complementary suppression.
        return new Table(
                "timeline",
                "Decisions per " + (bucket == ChronoUnit.HOURS ? "hour" : "day") + " (UTC)",
                suppress(counts, k, false));
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

    private static List<Cell> suppress(Map<String, Long> counts, int k, boolean complementary) {
        Map<String, Boolean> hidden = new LinkedHashMap<>();
        counts.forEach((label, n) -> hidden.put(label, n > 0 && n < k));
        if (complementary && hidden.values().stream().filter(h -> h).count() == 1) {
            counts.entrySet().stream()
                    .filter(e -> !hidden.get(e.getKey()) && e.getValue() > 0)
                    .min(Map.Entry.comparingByValue())
                    .ifPresent(e -> hidden.put(e.getKey(), true));
        }
        List<Cell> cells = new ArrayList<>();
        counts.forEach((label, n) -> cells.add(new Cell(label, n, hidden.get(label))));
        return cells;
    }
}
