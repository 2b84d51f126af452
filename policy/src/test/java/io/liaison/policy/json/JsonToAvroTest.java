package io.liaison.policy.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.policy.Payloads;
import io.liaison.schemas.payload.IncidentReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class JsonToAvroTest {
    private static final String REPORT = """
            {"incidentId": "CPD-1", "occurredAt": "2024-06-01T21:47:12Z", "offenseCategory": "ROBBERY",
             "severity": "HIGH", "narrative": "n", "reportingOfficer": "Officer A",
             "location": {"latitude": 41.88, "longitude": -87.64, "district": "Loop"},
             "involvedPersons": [{"role": "VICTIM", "name": "Maria Lopez", "dateOfBirth": "1990-03-14",
                                  "immigrationStatus": null}]}
            """;

    @Test
    void plainJsonBecomesARawRecordWithDefaultsFilledIn() throws Exception {
        GenericRecord r = JsonToAvro.convert(REPORT, IncidentReport.getClassSchema());

        assertThat(r.get("occurredAt")).isEqualTo(Instant.parse("2024-06-01T21:47:12Z").toEpochMilli());
        assertThat(r.get("severity")).isInstanceOf(GenericData.EnumSymbol.class).hasToString("HIGH");
        GenericRecord person = (GenericRecord) ((List<?>) r.get("involvedPersons")).get(0);
        assertThat(person.get("dateOfBirth")).isEqualTo((int) LocalDate.of(1990, 3, 14).toEpochDay());
        assertThat(person.get("address")).isNull();
        assertThat((List<?>) person.get("criminalHistoryFlags")).isEmpty();
        assertThat(((GenericRecord) r.get("location")).get("address")).isNull();
        assertThat(Payloads.encode(r)).isNotEmpty();
    }

    @Test
    void everyMismatchIsReportedWithItsFieldPath() {
        String bad = REPORT.replace("\"HIGH\"", "\"EXTREME\"").replace("\"1990-03-14\"", "\"14/03/1990\"")
                .replace("\"narrative\": \"n\", ", "\"narative\": \"n\", ").replace("41.88", "\"north\"");

        assertThatThrownBy(() -> JsonToAvro.convert(bad, IncidentReport.getClassSchema()))
                .isInstanceOfSatisfying(JsonToAvroException.class, e -> assertThat(e.errors()).containsExactly(
                        "severity: expected one of [LOW, MODERATE, HIGH, CRITICAL], got \"EXTREME\"",
                        "location.latitude: expected a number, got string",
                        "narrative: missing required field",
                        "involvedPersons[0].dateOfBirth: expected a date YYYY-MM-DD, got \"14/03/1990\"",
                        "narative: unknown field; IncidentReport has [incidentId, occurredAt, offenseCategory, severity, "
                                + "location, narrative, reportingOfficer, involvedPersons]"));
    }

    @Test
    void invalidJsonIsReported() {
        assertThatThrownBy(() -> JsonToAvro.convert("{", IncidentReport.getClassSchema()))
                .isInstanceOf(JsonToAvroException.class).hasMessageStartingWith("(document): not valid JSON");
    }
}
