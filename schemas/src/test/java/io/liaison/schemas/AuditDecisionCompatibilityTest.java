package io.liaison.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.schemas.audit.AuditRecord;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * RELEASED (a quarantined input released by the officer) was added to {@code AuditDecision}; the
 * registry enforces BACKWARD compatibility on the audit subject, so the new schema must read every
 * record written before it.
 */
class AuditDecisionCompatibilityTest {
    private static final String ADDED = ",\"RELEASED\"";

    private static Schema beforeReleased() {
        String json = AuditRecord.getClassSchema().toString();
        assertThat(json).contains(ADDED);
        return new Schema.Parser().parse(json.replace(ADDED, ""));
    }

    @Test
    void theSchemaWithReleasedReadsRecordsWrittenBeforeIt() {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(AuditRecord.getClassSchema(), beforeReleased())
                        .getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void aReaderOfTheOldSchemaCannotReadReleasedSoAuditReadersUpgradeFirst() {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(beforeReleased(), AuditRecord.getClassSchema())
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }
}
