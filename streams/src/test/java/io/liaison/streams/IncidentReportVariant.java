package io.liaison.streams;

import io.liaison.schemas.payload.IncidentReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Variants of the {@code IncidentReport} contract that a sender agency (or anyone who can write to
 * the registry) registers to get the immigration status past the ice-task-force profile. Each is
 * BACKWARD compatible with the pinned contract, so the registry accepts it.
 */
enum IncidentReportVariant {
    /** {@code immigrationStatus} tagged OPERATIONAL instead of PII and IMMIGRATION_STATUS. */
    RELABELLED(json ->
            replaceOnce(json, "\"sensitivity\":[\"PII\",\"IMMIGRATION_STATUS\"]", "\"sensitivity\":[\"OPERATIONAL\"]")),
    /** The same tags under another property name, so the field has no tags of its own. */
    TAG_PROPERTY_RENAMED(json -> replaceOnce(
            json,
            "\"sensitivity\":[\"PII\",\"IMMIGRATION_STATUS\"]",
            "\"sensitivityTags\":[\"PII\",\"IMMIGRATION_STATUS\"]")),
    /** The pinned fields plus an OPERATIONAL {@code statusNote} that carries the first person's status. */
    EXTRA_FIELD(json -> replaceOnce(
            json,
            "{\"name\":\"incidentId\"",
            "{\"name\":\"statusNote\",\"type\":[\"null\",\"string\"],\"default\":null,\"sensitivity\":[\"OPERATIONAL\"]},"
                    + "{\"name\":\"incidentId\""));

    private final Schema schema;

    IncidentReportVariant(UnaryOperator<String> edit) {
        this.schema = new Schema.Parser()
                .parse(edit.apply(IncidentReport.getClassSchema().toString()));
    }

    Schema schema() {
        return schema;
    }

    /** {@code report} in this variant's schema, values raw as a gateway's generic record holds them. */
    GenericRecord payload(IncidentReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new SpecificDatumWriter<IncidentReport>(IncidentReport.class).write(report, encoder);
            GenericRecord variant = new GenericDatumReader<GenericRecord>(IncidentReport.getClassSchema(), schema)
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
            if (schema.getField("statusNote") != null) {
                GenericRecord first = (GenericRecord) ((List<?>) variant.get("involvedPersons")).get(0);
                variant.put("statusNote", first.get("immigrationStatus").toString());
            }
            return variant;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String replaceOnce(String json, String target, String replacement) {
        if (json.indexOf(target) < 0 || json.indexOf(target) != json.lastIndexOf(target)) {
            throw new IllegalStateException("the pinned IncidentReport schema no longer has exactly one " + target);
        }
        return json.replace(target, replacement);
    }
}
