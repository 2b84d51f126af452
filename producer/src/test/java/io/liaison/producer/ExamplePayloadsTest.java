package io.liaison.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.producer.json.JsonToAvro;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.payload.AcknowledgementResponse;
import io.liaison.schemas.payload.WarrantKind;
import io.liaison.schemas.samples.SamplePayloads;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The example files at the repository root, one per payload type, are exactly the sample payloads. */
class ExamplePayloadsTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    private static final Instant AT = Instant.parse("2026-03-14T18:30:00Z");

    @Test
    void everyPayloadTypeHasAnExampleThatConvertsToItsSample() throws Exception {
        Map<String, SpecificRecord> samples = Map.of(
                "IncidentReport", SamplePayloads.shotsFiredReport("CPD-26-000101", AT),
                "WarrantNotice", SamplePayloads.warrant("ICE-W-26-0042", WarrantKind.CRIMINAL, AT),
                "DeploymentOrder", SamplePayloads.deployment("GUARD-26-0007", AT),
                "ResourceRequest", SamplePayloads.barriers("CPD-RR-26-0031", AT),
                "SituationReport", SamplePayloads.sitrep("GUARD-SR-26-0012", AT),
                "CommunityNotice", SamplePayloads.roadClosure("CPD-CN-26-0005", AT),
                "Directive", SamplePayloads.barrierTasking("CPD-DIR-26-0001", AT, Duration.ofMinutes(15)),
                "Acknowledgement",
                        SamplePayloads.acknowledgement(
                                "CPD-DIR-26-0001", "guard", "liaison-officer", AcknowledgementResponse.DECLINE, AT),
                "Escalation", SamplePayloads.escalation("CPD-DIR-26-0001", AT));
        assertThat(samples.keySet()).containsExactlyInAnyOrderElementsOf(LiaisonSchemas.messageTypes());

        for (var sample : samples.entrySet()) {
            Schema schema = LiaisonSchemas.payloadSchema(sample.getKey()).orElseThrow();
            String json = Files.readString(EXAMPLES.resolve(sample.getKey() + ".json"));

            GenericRecord converted = JsonToAvro.convert(json, schema);

            assertThat(converted).as(sample.getKey()).isEqualTo(raw(sample.getValue()));
        }
    }

    /** A generated record as a generic one without logical-type conversions: the form JsonToAvro yields. */
    private static GenericRecord raw(SpecificRecord record) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(record.getSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }
}
