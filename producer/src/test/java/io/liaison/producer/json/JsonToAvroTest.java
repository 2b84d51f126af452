package io.liaison.producer.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.producer.json.FieldError.Kind;
import io.liaison.schemas.payload.IncidentReport;
import io.liaison.schemas.payload.WarrantNotice;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked") // generic records hand out raw collections
class JsonToAvroTest {
    private static final Schema INCIDENT = IncidentReport.getClassSchema();
    private static final String REPORT = """
            {"incidentId": "CPD-1", "occurredAt": "2024-06-01T21:47:12Z", "offenseCategory": "ROBBERY",
             "severity": "HIGH", "narrative": "n", "reportingOfficer": "Officer A",
             "location": {"latitude": 41.88, "longitude": -87.64, "district": "Loop"},
             "involvedPersons": [{"role": "VICTIM", "name": "Maria Lopez", "dateOfBirth": "1990-03-14",
                                  "immigrationStatus": null},
                                 {"role": "SUSPECT", "name": "John Doe", "dateOfBirth": 7000,
                                  "immigrationStatus": "UNKNOWN", "criminalHistoryFlags": ["PRIOR_ASSAULT"]}]}
            """;

    @Test
    void plainJsonBecomesAValidRawRecordWithNestedRecordsArraysEnumsAndLogicalTypes() throws Exception {
        GenericRecord r = JsonToAvro.convert(REPORT, INCIDENT);

        assertThat(GenericData.get().validate(INCIDENT, r)).isTrue();
        assertThat(r.get("occurredAt"))
                .isEqualTo(Instant.parse("2024-06-01T21:47:12Z").toEpochMilli());
        assertThat(r.get("severity")).isInstanceOf(GenericData.EnumSymbol.class).hasToString("HIGH");
        assertThat(((GenericRecord) r.get("location")).get("latitude")).isEqualTo(41.88);
        List<?> persons = (List<?>) r.get("involvedPersons");
        GenericRecord victim = (GenericRecord) persons.get(0);
        GenericRecord suspect = (GenericRecord) persons.get(1);
        assertThat(victim.get("dateOfBirth"))
                .isEqualTo((int) LocalDate.of(1990, 3, 14).toEpochDay());
        assertThat(suspect.get("dateOfBirth")).as("epoch days are accepted too").isEqualTo(7000);
        assertThat(suspect.get("immigrationStatus")).hasToString("UNKNOWN");
        assertThat((List<Object>) suspect.get("criminalHistoryFlags")).containsExactly("PRIOR_ASSAULT");
    }

    @Test
    void absentOptionalFieldsTakeTheirDefaultsAndExplicitNullsStayNull() throws Exception {
        GenericRecord r = JsonToAvro.convert(REPORT, INCIDENT);

        GenericRecord victim = (GenericRecord) ((List<?>) r.get("involvedPersons")).get(0);
        assertThat(victim.get("immigrationStatus")).isNull();
        assertThat(victim.get("address")).isNull();
        assertThat((List<?>) victim.get("criminalHistoryFlags")).isEmpty();
        assertThat(((GenericRecord) r.get("location")).get("address")).isNull();
    }

    @Test
    void timestampsMayBeEpochMillisecondsAndNullableTimestampsNull() throws Exception {
        String warrant = """
                {"warrantId": "W-1", "kind": "CRIMINAL", "issuingAuthority": "Court", "issuedAt": 1717278432000,
                 "expiresAt": null, "subject": {"role": "SUBJECT", "name": "V"}}
                """;

        GenericRecord r = JsonToAvro.convert(warrant, WarrantNotice.getClassSchema());

        assertThat(r.get("issuedAt")).isEqualTo(1717278432000L);
        assertThat(r.get("expiresAt")).isNull();
        assertThat((List<?>) r.get("charges")).isEmpty();
    }

    @Test
    void everyMismatchIsReportedWithItsPathKindAndReason() {
        String bad = REPORT.replace("\"HIGH\"", "\"EXTREME\"")
                .replace("\"1990-03-14\"", "\"14/03/1990\"")
                .replace("\"narrative\": \"n\", ", "\"narative\": \"n\", ")
                .replace("41.88", "\"north\"")
                .replace("\"name\": \"John Doe\"", "\"name\": null");

        assertThatThrownBy(() -> JsonToAvro.convert(bad, INCIDENT))
                .isInstanceOfSatisfying(
                        JsonToAvroException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new FieldError(
                                                "severity",
                                                Kind.NOT_IN_ENUM,
                                                "expected one of [LOW, MODERATE, HIGH, CRITICAL], got \"EXTREME\""),
                                        new FieldError(
                                                "location.latitude", Kind.WRONG_TYPE, "expected a number, got string"),
                                        new FieldError(
                                                "narrative",
                                                Kind.MISSING_REQUIRED,
                                                "missing required field (a string)"),
                                        new FieldError(
                                                "involvedPersons[0].dateOfBirth",
                                                Kind.INVALID_VALUE,
                                                "expected a date YYYY-MM-DD, got \"14/03/1990\""),
                                        new FieldError(
                                                "involvedPersons[1].name",
                                                Kind.WRONG_TYPE,
                                                "must not be null; expected a string"),
                                        new FieldError(
                                                "narative",
                                                Kind.UNKNOWN_FIELD,
                                                "unknown field; IncidentReport has [incidentId, "
                                                        + "occurredAt, offenseCategory, severity, location, narrative, reportingOfficer, involvedPersons]")));
    }

    @Test
    void wrongJsonTypesNameWhatWasExpected() {
        String bad = REPORT.replace("\"severity\": \"HIGH\"", "\"severity\": 3")
                .replace("\"occurredAt\": \"2024-06-01T21:47:12Z\"", "\"occurredAt\": \"yesterday\"")
                .replace("\"location\": {", "\"location\": [{")
                .replace("\"district\": \"Loop\"}", "\"district\": \"Loop\"}]");

        assertThatThrownBy(() -> JsonToAvro.convert(bad, INCIDENT))
                .isInstanceOfSatisfying(
                        JsonToAvroException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new FieldError(
                                                "occurredAt",
                                                Kind.INVALID_VALUE,
                                                "expected an ISO-8601 instant such as 2024-06-01T21:47:00Z, got \"yesterday\""),
                                        new FieldError(
                                                "severity",
                                                Kind.WRONG_TYPE,
                                                "expected one of [LOW, MODERATE, HIGH, CRITICAL], got number 3"),
                                        new FieldError(
                                                "location",
                                                Kind.WRONG_TYPE,
                                                "expected an object (Location), got array")));
    }

    @Test
    void numbersOutsideTheirRangeOrNotWholeAreRefused() {
        Schema schema = record("""
                {"name": "n", "type": "int"}, {"name": "m", "type": "long"}""");

        assertThatThrownBy(() -> JsonToAvro.convert("{\"n\": 3000000000, \"m\": 1.5}", schema))
                .isInstanceOfSatisfying(
                        JsonToAvroException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new FieldError("n", Kind.INVALID_VALUE, "3000000000 is outside the int range"),
                                        new FieldError(
                                                "m",
                                                Kind.WRONG_TYPE,
                                                "expected a whole number (long), got number 1.5")));
    }

    @Test
    void unionsOfSeveralTypesTakeTheFirstBranchTheValueFits() throws Exception {
        Schema schema = record("{\"name\": \"v\", \"type\": [\"null\", \"long\", \"string\"]}");

        assertThat(JsonToAvro.convert("{\"v\": 7}", schema).get("v")).isEqualTo(7L);
        assertThat(JsonToAvro.convert("{\"v\": \"seven\"}", schema).get("v")).isEqualTo("seven");
        assertThat(JsonToAvro.convert("{\"v\": null}", schema).get("v")).isNull();
        assertThatThrownBy(() -> JsonToAvro.convert("{\"v\": true}", schema))
                .isInstanceOfSatisfying(
                        JsonToAvroException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new FieldError(
                                        "v",
                                        Kind.WRONG_TYPE,
                                        "expected null or a whole number (long) or a string, got boolean")));
    }

    @Test
    void mapsBytesAndFixedConvert() throws Exception {
        Schema schema = record("""
                {"name": "tags", "type": {"type": "map", "values": "int"}},
                {"name": "blob", "type": "bytes"},
                {"name": "id", "type": {"type": "fixed", "name": "Id", "size": 2}}""");

        GenericRecord r = JsonToAvro.convert("{\"tags\": {\"a\": 1}, \"blob\": \"AQI=\", \"id\": \"AQI=\"}", schema);

        assertThat((Map<Object, Object>) r.get("tags")).containsEntry("a", 1);
        assertThat(r.get("blob")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat(((GenericData.Fixed) r.get("id")).bytes()).containsExactly(1, 2);
        assertThatThrownBy(() ->
                        JsonToAvro.convert("{\"tags\": {\"a\": \"x\"}, \"blob\": \"!!\", \"id\": \"AQID\"}", schema))
                .isInstanceOfSatisfying(
                        JsonToAvroException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::path)
                                .containsExactly("tags{a}", "blob", "id"));
    }

    @Test
    void malformedDuplicatedOrTrailingJsonIsOneDocumentError() {
        for (String text : List.of("{", "{\"incidentId\": \"a\", \"incidentId\": \"b\"}", "{} {}", "", "[]")) {
            assertThatThrownBy(() -> JsonToAvro.convert(text, INCIDENT))
                    .as(text)
                    .isInstanceOfSatisfying(
                            JsonToAvroException.class,
                            e -> assertThat(e.errors())
                                    .singleElement()
                                    .satisfies(error -> assertThat(error.path()).isEqualTo(FieldError.DOCUMENT)));
        }
    }

    private static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"T\", \"fields\": [" + fields + "]}");
    }
}
