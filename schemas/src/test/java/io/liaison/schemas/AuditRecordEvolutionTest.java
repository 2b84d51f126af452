package io.liaison.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * The audit log is append-only and kept for years, so every earlier version of the AuditRecord
 * contract stays readable by the current one. Readers also decode a record with the compiled schema
 * as writer when an export does not carry the record's writer schema ({@code AuditRecords.decode}),
 * which reads an enum by its index: earlier symbols must keep theirs.
 */
class AuditRecordEvolutionTest {
    /** Every earlier version, as published (test resources, copied from the git history). */
    private static final List<String> EARLIER = List.of(
            "audit-history/AuditRecord-v1.avsc",
            "audit-history/AuditRecord-v2.avsc",
            "audit-history/AuditRecord-v3.avsc");

    @Test
    void theCurrentContractReadsRecordsWrittenWithEveryEarlierVersion() throws IOException {
        for (String resource : EARLIER) {
            Schema earlier = load(resource);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(AuditRecord.getClassSchema(), earlier)
                            .getType())
                    .as(resource)
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void earlierDecisionsKeepTheirSymbolIndexAndNewOnesComeLast() throws IOException {
        for (String resource : EARLIER) {
            List<String> earlier = load(resource).getField("decision").schema().getEnumSymbols();
            List<String> current =
                    AuditRecord.getClassSchema().getField("decision").schema().getEnumSymbols();
            assertThat(current.subList(0, earlier.size())).as(resource).isEqualTo(earlier);
        }
    }

    /** So the checkpointer and the auditors' CLI are upgraded before the first record with a decision they do not know. */
    @Test
    void aReaderOfAnEarlierVersionCannotReadTheNewDecisionsSoAuditReadersUpgradeFirst() throws IOException {
        for (String resource : EARLIER) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(load(resource), AuditRecord.getClassSchema())
                            .getType())
                    .as(resource)
                    .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        }
    }

    @Test
    void aRecordWrittenWithTheFirstVersionDecodesWithTheCurrentSchemaInPlaceOfItsWriter() throws IOException {
        Schema v1 = load(EARLIER.get(0));
        GenericRecord written = new GenericData.Record(v1);
        written.put("recordId", "r-1");
        written.put("eventTime", Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        written.put(
                "decision", new GenericData.EnumSymbol(v1.getField("decision").schema(), "SUBSCRIBED"));
        written.put("ruleIds", List.of());
        written.put("fieldActions", List.of());
        written.put("releasingComponent", "consumer-gateway@test");
        written.put("method", "https-sse");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(v1).write(written, encoder);
        encoder.flush();

        Schema current = AuditRecord.getClassSchema();
        AuditRecord read = new SpecificDatumReader<AuditRecord>(current, current)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.getDecision()).isEqualTo(AuditDecision.SUBSCRIBED);
        assertThat(read.getRecordId()).isEqualTo("r-1");
    }

    private static Schema load(String resource) throws IOException {
        try (InputStream in = AuditRecordEvolutionTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }
}
