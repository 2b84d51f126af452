package io.liaison.audit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.audit.AuditFixtures;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.report.TransparencyReport.Cell;
import io.liaison.audit.report.TransparencyReport.Table;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditFieldAction;
import io.liaison.schemas.audit.AuditRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The public report shows only words the policy declares or the report fixes, whatever the records carry. */
class DeclaredWordsTest {
    private static final int DECLARED = 40;

    /** Text a caller chose: each would be harmful or meaningless on a public page, and carries a marker. */
    private static final List<String> CALLER_TEXT = List.of(
            "anything",
            "<script>alert('CALLER-1')</script>",
            "CALLER-2\"><img src=x onerror=alert(1)>",
            "first CALLER-3 line\nsecond line\r\n",
            "CALLER-4 " + "x".repeat(100_000),
            "=HYPERLINK(\"http://CALLER-5.example\")",
            "(none)",
            "(undeclared)",
            "investigation ",
            "Police");

    /** Every label this report may show for the fixture policy, written out by hand. */
    private static final Set<String> FIXED_LABELS = fixedLabels();

    @Test
    void callerChosenTextNeverReachesTheReport() {
        TransparencyReport report = report();

        for (String published : List.of(ReportFiles.html(report), ReportFiles.csv(report), ReportFiles.json(report))) {
            assertThat(published)
                    .doesNotContainIgnoringCase("CALLER")
                    .doesNotContain("anything", "<script", "onerror", "=HYPERLINK", "second line");
        }
    }

    @Test
    void undeclaredValuesAreCountedUnderOneLabel() {
        TransparencyReport report = report(); // k = 1: nothing suppressed, so counts can be compared

        // A caller's "(none)" or "(undeclared)" is text like any other: counted as undeclared, not as absent.
        for (String table : List.of("purposes", "types", "flows")) {
            assertThat(cell(report, table, "(undeclared)"))
                    .as(table)
                    .extracting(Cell::label, Cell::count)
                    .containsExactly("other (not declared in the policy)", (long) CALLER_TEXT.size());
        }
        assertThat(cell(report, "redactions", "(undeclared)").count()).isEqualTo(CALLER_TEXT.size());
        assertThat(cell(report, "purposes", "(none)"))
                .extracting(Cell::label, Cell::count)
                .containsExactly(
                        "no purpose recorded (copies withheld, quarantined messages, feed requests naming none, expungements)",
                        1L);
        assertThat(report.total()).isEqualTo(DECLARED + CALLER_TEXT.size() + 1);
    }

    @Test
    void everyRowLabelComesFromTheFixedSet() throws Exception {
        TransparencyReport report = report();
        JsonNode json = new ObjectMapper().readTree(ReportFiles.json(report));

        for (Table t : report.tables()) {
            assertThat(t.cells()).as(t.id()).extracting(Cell::label).isSubsetOf(FIXED_LABELS);
        }
        // Time buckets are computed from the record's event time, never read from a caller.
        assertThat(report.timeline().cells())
                .extracting(Cell::label)
                .allMatch(label -> label.matches("\\d{4}-\\d{2}-\\d{2}( \\d{2}:00)?"));
        json.get("tables")
                .properties()
                .forEach(table -> table.getValue().get("cells").forEach(cell -> {
                    assertThat(cell.has("key") && cell.has("count")).isTrue();
                    if (!table.getKey().equals("timeline")) {
                        assertThat(cell.get("label").asText()).isIn(FIXED_LABELS);
                    }
                }));
        assertThat(json.get("policy").get("version").asText())
                .isEqualTo(AuditFixtures.policy().version());
    }

    @Test
    void declaredValuesAreNamedInPlainWordsBesideTheirKeys() {
        TransparencyReport report = report();

        assertThat(cell(report, "flows", "police->ems").label()).isEqualTo("City police \u2192 Ambulance service");
        assertThat(cell(report, "types", "IncidentReport").label()).isEqualTo("Incident report");
        assertThat(cell(report, "purposes", "emergency-response").label())
                .isEqualTo("Responding to fires, crashes and medical emergencies.");
        assertThat(table(report, "decisions").cells())
                .extracting(Cell::key, Cell::label)
                .contains(
                        tuple("DELIVERED", "copies delivered to an agency"),
                        tuple("DENIED", "copies withheld by policy"),
                        tuple("ACCESS_DENIED", "analyst feed access refused or ended"));
        assertThat(cell(report, "redactions", "DROP").label()).isEqualTo("fields withheld");
        assertThat(ReportFiles.csv(report)).contains("types,IncidentReport,Incident report,");
    }

    /**
     * {@link #DECLARED} records of the fixture log, one refused feed request per caller text (as its
     * purpose, recipient, sender, message type and redaction action), and one that named no purpose.
     */
    private static TransparencyReport report() {
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < DECLARED; i++) {
            records.add(AuditFixtures.record(i));
        }
        for (String text : CALLER_TEXT) {
            records.add(AuditRecord.newBuilder()
                    .setRecordId("caller-" + records.size())
                    .setEventTime(AuditFixtures.T0.plus(Duration.ofMinutes(records.size())))
                    .setDecision(AuditDecision.ACCESS_DENIED)
                    .setMessageType(text)
                    .setSender(text)
                    .setRecipient(text)
                    .setPurpose(text)
                    .setReasonCode(text)
                    .setFieldActions(List.of(new AuditFieldAction(text, text)))
                    .setReleasingComponent("liaison-gateway@test")
                    .setMethod("https-rest")
                    .build());
        }
        records.add(AuditRecord.newBuilder()
                .setRecordId("no-purpose")
                .setEventTime(AuditFixtures.T0)
                .setDecision(AuditDecision.ACCESS_DENIED)
                .setRecipient("police")
                .setFieldActions(List.of())
                .setReleasingComponent("liaison-gateway@test")
                .setMethod("https-rest")
                .build());
        Checkpoint checkpoint = new Checkpoint(AuditFixtures.ORIGIN, records.size(), new byte[32]);
        return TransparencyReport.compute(checkpoint, records, AuditFixtures.policy(), null, null, 1);
    }

    private static Table table(TransparencyReport report, String id) {
        return report.tables().stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static Cell cell(TransparencyReport report, String table, String key) {
        return table(report, table).cells().stream()
                .filter(c -> c.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + key + " in " + table));
    }

    private static Set<String> fixedLabels() {
        List<String> agencies = List.of("City police", "Fire department", "Ambulance service", "Homeland security");
        Stream<String> flows = agencies.stream().flatMap(s -> agencies.stream().map(r -> s + " \u2192 " + r));
        Stream<String> fixed = Stream.of(
                "Investigating crime.",
                "Responding to fires, crashes and medical emergencies.",
                "Knowing what is happening in the city.",
                "Incident report",
                "Warrant notice",
                "Situation report",
                "copies delivered to an agency",
                "copies withheld by policy",
                "messages quarantined (failed a check, sent to no one)",
                "analyst feed access refused or ended",
                "analyst feed access granted",
                "messages expunged by court order",
                "quarantined messages released for verification again",
                "fields delivered as sent",
                "fields made less precise",
                "fields replaced by a pseudonym",
                "fields partly hidden",
                "identifiers removed from free text",
                "fields withheld",
                "other (not declared in the policy)",
                "no copy between two agencies (quarantined messages, analyst feed access, expungements)",
                "no message type (quarantined messages, analyst feed access)",
                "no purpose recorded (copies withheld, quarantined messages, feed requests naming none, expungements)");
        return Set.copyOf(Stream.concat(flows, fixed).toList());
    }
}
