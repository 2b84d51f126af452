package io.liaison.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.AuditFixtures;
import io.liaison.audit.VerificationResult;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.kernel.trust.RecordTime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportVerificationTest {
    private static final AuditExport LOG = AuditFixtures.signedLog(23, 5);

    /** Rewrites the export as an attacker who can edit the file would: with a fresh trailer digest. */
    private static AuditExport roundTrip(AuditExport export) {
        ExportFormat.Read read = ExportFormat.read(ExportFormat.write(export));
        assertThat(read.digestMatches()).isTrue();
        return read.export();
    }

    private static AuditExport withRecords(List<AuditEntry> records) {
        return new AuditExport(LOG.exportedAt(), LOG.writerSchemas(), LOG.checkpoints(), records);
    }

    @Test
    void anUntouchedExportVerifies() {
        VerificationResult result = AuditFixtures.verify(roundTrip(LOG));

        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).isEqualTo(23);
        assertThat(result.checkpointsVerified()).isEqualTo(5);
        assertThat(result.latest()).hasValueSatisfying(c -> assertThat(c.size()).isEqualTo(23));
        assertThat(result.unattested()).isZero();
    }

    @Test
    void exportRoundTripsExactly() {
        byte[] bytes = ExportFormat.write(LOG);
        AuditExport read = ExportFormat.read(bytes).export();

        assertThat(read.records()).isEqualTo(LOG.records());
        assertThat(read.checkpoints()).isEqualTo(LOG.checkpoints());
        assertThat(read.writerSchemas()).isEqualTo(LOG.writerSchemas());
        assertThat(ExportFormat.write(read)).isEqualTo(bytes);
    }

    @Test
    void aChangedValueByteIsLocatedBetweenTheSurroundingCheckpoints() {
        List<AuditEntry> records = new ArrayList<>(LOG.records());
        AuditEntry victim = records.get(12);
        byte[] value = victim.value();
        value[value.length - 1] ^= 0x01;
        records.set(12, new AuditEntry(12, victim.offset(), value));

        VerificationResult result = AuditFixtures.verify(roundTrip(withRecords(records)));

        assertThat(result.ok()).isFalse();
        assertThat(result.firstProblem()).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(10);
            assertThat(p.detail()).contains("[10, 15)");
        });
    }

    @Test
    void aRemovedRecordIsDetected() {
        List<AuditEntry> records = new ArrayList<>();
        for (AuditEntry e : LOG.records()) {
            if (e.index() != 7) {
                records.add(new AuditEntry(records.size(), e.offset(), e.value()));
            }
        }

        VerificationResult result = AuditFixtures.verify(roundTrip(withRecords(records)));

        assertThat(result.firstProblem())
                .hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(5));
        assertThat(result.problems())
                .anySatisfy(p -> assertThat(p.detail()).contains("records from index 22 are missing"));
    }

    @Test
    void aTruncatedTailIsDetected() {
        VerificationResult result =
                AuditFixtures.verify(roundTrip(withRecords(LOG.records().subList(0, 21))));

        assertThat(result.firstProblem()).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(21);
            assertThat(p.detail()).contains("covers more records than the 21 present");
        });
    }

    @Test
    void reorderedRecordsAreDetected() {
        List<AuditEntry> records = new ArrayList<>(LOG.records());
        AuditEntry a = records.get(16);
        AuditEntry b = records.get(17);
        records.set(16, new AuditEntry(16, a.offset(), b.value()));
        records.set(17, new AuditEntry(17, b.offset(), a.value()));

        VerificationResult result = AuditFixtures.verify(roundTrip(withRecords(records)));

        assertThat(result.firstProblem())
                .hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(15));
    }

    @Test
    void aTamperedCheckpointSignatureIsReported() {
        List<PublishedCheckpoint> checkpoints = new ArrayList<>(LOG.checkpoints());
        PublishedCheckpoint c = checkpoints.get(2);
        checkpoints.set(
                2, new PublishedCheckpoint(c.offset(), c.published(), c.note().replaceFirst("\n15\n", "\n14\n")));
        AuditExport export = new AuditExport(LOG.exportedAt(), LOG.writerSchemas(), checkpoints, LOG.records());

        VerificationResult result = AuditFixtures.verify(roundTrip(export));

        assertThat(result.firstProblem()).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(VerificationResult.Problem.CHECKPOINT);
            assertThat(p.detail()).contains("does not verify");
        });
    }

    @Test
    void aCheckpointWhoseTimestampItsPublisherChoseIsReportedAndTheTypeSurvivesTheExport() {
        List<PublishedCheckpoint> checkpoints = new ArrayList<>(LOG.checkpoints());
        PublishedCheckpoint c = checkpoints.get(2);
        checkpoints.set(
                2,
                new PublishedCheckpoint(
                        c.offset(),
                        new RecordTime.ProducerChosen(
                                "CreateTime", c.published().at()),
                        c.note()));
        AuditExport export = new AuditExport(LOG.exportedAt(), LOG.writerSchemas(), checkpoints, LOG.records());

        AuditExport read = roundTrip(export);
        VerificationResult result = AuditFixtures.verify(read);

        assertThat(read.checkpoints().get(2).published())
                .isEqualTo(new RecordTime.ProducerChosen(
                        "CreateTime", c.published().at()));
        assertThat(result.ok()).isFalse();
        assertThat(result.checkpointsVerified()).isEqualTo(4);
        assertThat(result.firstProblem()).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(VerificationResult.Problem.CHECKPOINT);
            assertThat(p.detail()).startsWith("checkpoint at offset 2 rejected: NOT_LOG_APPEND_TIME");
        });
    }

    @Test
    void anExportWrittenBeforeTimestampTypesWereRecordedCannotShowItsCheckpointTimesWereTheBrokers() {
        String withoutTypes = new String(ExportFormat.write(LOG), StandardCharsets.UTF_8)
                .replace(",\"timestampType\":\"LogAppendTime\"", "");

        AuditExport read =
                ExportFormat.read(withoutTypes.getBytes(StandardCharsets.UTF_8)).export();

        assertThat(read.checkpoints())
                .allSatisfy(c -> assertThat(c.published()).isInstanceOf(RecordTime.ProducerChosen.class));
        assertThat(AuditFixtures.verify(read).checkpointsVerified()).isZero();
    }

    @Test
    void checkpointsPublishedOutOfOrderStillVerify() {
        List<PublishedCheckpoint> checkpoints = new ArrayList<>(LOG.checkpoints());
        Collections.reverse(checkpoints);
        AuditExport export = new AuditExport(LOG.exportedAt(), LOG.writerSchemas(), checkpoints, LOG.records());

        assertThat(AuditFixtures.verify(export).problems()).isEmpty();
    }

    @Test
    void recordsAfterTheLastCheckpointAreCountedAsUnattested() {
        AuditExport export = AuditFixtures.signedLog(23, 5);
        AuditExport withoutLast = new AuditExport(
                export.exportedAt(),
                export.writerSchemas(),
                export.checkpoints().subList(0, 4),
                export.records());

        VerificationResult result = AuditFixtures.verify(withoutLast);

        assertThat(result.ok()).isTrue();
        assertThat(result.unattested()).isEqualTo(3);
    }
}
