package io.liaison.audit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.liaison.audit.AuditFixtures;
import io.liaison.audit.AuditRecords;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.export.AuditExport;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransparencyReportTest {
    static final AuditExport LOG = AuditFixtures.signedLog(140, 20);

    static TransparencyReport report(int k) {
        Checkpoint checkpoint = AuditFixtures.verify(LOG).latest().orElseThrow();
        List<AuditRecord> records = LOG.records().stream()
                .map(e -> AuditRecords.decode(e.value(), Map.of()))
                .toList();
        return TransparencyReport.compute(checkpoint, records, AuditFixtures.policy(), null, null, k);
    }

    @Test
    void totalsEqualTheLog() {
        TransparencyReport report = report(1);

        assertThat(report.total()).isEqualTo(140);
        for (TransparencyReport.Table t : report.tables()) {
            if (java.util.Set.of("flows", "types", "purposes", "decisions").contains(t.id())) {
                assertThat(t.cells().stream()
                                .mapToLong(TransparencyReport.Cell::count)
                                .sum())
                        .as(t.id())
                        .isEqualTo(140);
            }
        }
        assertThat(report.timeline().cells().stream()
                        .mapToLong(TransparencyReport.Cell::count)
                        .sum())
                .isEqualTo(140);
        assertThat(report.tables())
                .filteredOn(t -> t.id().equals("decisions"))
                .singleElement()
                .satisfies(t -> assertThat(t.cells())
                        .extracting(TransparencyReport.Cell::key, TransparencyReport.Cell::count)
                        .containsExactly(tuple("DELIVERED", 96L), tuple("DENIED", 24L), tuple("QUARANTINED", 20L)));
    }

    @Test
    void smallCountsAreSuppressedWithAComplementaryCell() {
        TransparencyReport report = report(21);

        TransparencyReport.Table decisions = report.tables().stream()
                .filter(t -> t.id().equals("decisions"))
                .findFirst()
                .orElseThrow();
        // QUARANTINED (20) is below k; DENIED (24), the next smallest, is hidden too so 140 - 96 - x does not reveal
        // it.
        assertThat(decisions.cells()).extracting(c -> c.display(21)).containsExactly("96", "<21", "<21");
        assertThat(ReportFiles.csv(report))
                .contains("decisions,QUARANTINED,\"messages quarantined (failed a check, sent to no one)\",<21")
                .doesNotContain(",20\n");
        assertThat(ReportFiles.json(report)).contains("\"count\" : \"<21\"").doesNotContain("\"count\" : 20,");
    }

    @Test
    void theReportNamesItsCheckpointAndFetchesNothing() {
        TransparencyReport report = report(10);
        String html = ReportFiles.html(report);

        assertThat(report.bucket()).isEqualTo(ChronoUnit.DAYS);
        assertThat(html).contains("tree size 140", report.checkpoint().rootHex(), "<svg");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
                .doesNotContain("http:", "https:", "src=", "<script");
        assertThat(ReportFiles.json(report))
                .contains("\"treeSize\" : 140", report.checkpoint().rootHex());
    }

    @Test
    void anExpungementIsCountedAsOneWithNoFlowAndNoPurpose() {
        List<AuditRecord> records = new java.util.ArrayList<>(LOG.records().stream()
                .map(e -> AuditRecords.decode(e.value(), Map.of()))
                .toList());
        records.add(AuditRecord.newBuilder(AuditFixtures.record(0))
                .setRecordId("expunged-0")
                .setDecision(AuditDecision.EXPUNGED)
                .setRecipient(null)
                .setPurpose(null)
                .setReasonCode("ORDER 2026-CV-0042")
                .setDeliveredDigest(null)
                .setDeliveredTopic(null)
                .build());
        Checkpoint checkpoint = new Checkpoint(AuditFixtures.ORIGIN, records.size(), new byte[32]);

        TransparencyReport report =
                TransparencyReport.compute(checkpoint, records, AuditFixtures.policy(), null, null, 1);

        assertThat(report.tables())
                .filteredOn(t -> t.id().equals("decisions"))
                .singleElement()
                .satisfies(t -> assertThat(t.cells())
                        .extracting(TransparencyReport.Cell::key, TransparencyReport.Cell::label, c -> c.count())
                        .contains(tuple("EXPUNGED", "messages expunged by court order", 1L)));
        assertThat(ReportFiles.csv(report))
                .contains("decisions,EXPUNGED,messages expunged by court order,1")
                .doesNotContain("2026-CV-0042");
    }

    @Test
    void theSameLogGivesTheSameBytes() {
        assertThat(ReportFiles.html(report(10))).isEqualTo(ReportFiles.html(report(10)));
        assertThat(ReportFiles.csv(report(10))).isEqualTo(ReportFiles.csv(report(10)));
    }
}
