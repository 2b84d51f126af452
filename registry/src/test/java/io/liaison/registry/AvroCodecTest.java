package io.liaison.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.schemas.payload.CommunityNotice;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    static final Instant PUBLISHED = Instant.parse("2025-06-14T18:30:00Z");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroCodec codec = new AvroCodec(registry, true);

    static CommunityNotice notice() {
        return CommunityNotice.newBuilder()
                .setNoticeId("n-1")
                .setTitle("Road closed")
                .setBody("Main St closed until 20:00")
                .setArea("Loop")
                .setPublishedAt(PUBLISHED)
                .build();
    }

    @Test
    void specificRecordRoundTripsThroughTheRegisteredSchema() {
        byte[] message = codec.encode("public-value", notice());

        assertThat(WireFormat.schemaId(message))
                .isEqualTo(registry.latest("public-value").id());
        assertThat(codec.decodeSpecific(message, CommunityNotice.class)).isEqualTo(notice());
        assertThat(codec.decodeSpecific(message)).isEqualTo(notice());
    }

    @Test
    void genericDecodingKeepsRawAvroValues() {
        GenericRecord decoded = codec.decodeGeneric(codec.encode("public-value", notice()));

        assertThat(decoded.get("publishedAt")).isEqualTo(PUBLISHED.toEpochMilli());
        assertThat(decoded.get("title")).hasToString("Road closed");
        assertThat(decoded.getSchema()).isEqualTo(CommunityNotice.getClassSchema());
    }

    @Test
    void aGenericRecordWithRawValuesEncodesToTheSameBytesAsTheSpecificOne() {
        GenericRecord generic = new GenericData.Record(CommunityNotice.getClassSchema());
        generic.put("noticeId", "n-1");
        generic.put("title", "Road closed");
        generic.put("body", "Main St closed until 20:00");
        generic.put("area", "Loop");
        generic.put("publishedAt", PUBLISHED.toEpochMilli());

        assertThat(codec.encode("public-value", generic)).isEqualTo(codec.encode("public-value", notice()));
    }

    @Test
    void anOlderWriterSchemaIsResolvedAgainstTheGeneratedClass() {
        Schema older = SchemaBuilder.record("CommunityNotice")
                .namespace("io.liaison.schemas.payload")
                .fields()
                .requiredString("noticeId")
                .requiredString("title")
                .requiredString("body")
                .requiredString("area")
                .requiredLong("publishedAt")
                .endRecord();
        GenericRecord written = new GenericData.Record(older);
        written.put("noticeId", "n-0");
        written.put("title", "t");
        written.put("body", "b");
        written.put("area", "a");
        written.put("publishedAt", PUBLISHED.toEpochMilli());

        CommunityNotice read = codec.decodeSpecific(codec.encode("public-value", written), CommunityNotice.class);

        assertThat(read.getPublishedAt()).isEqualTo(PUBLISHED);
        assertThat(read.getExpiresAt()).as("filled from the reader's default").isNull();
    }

    @Test
    void genericDecodingIntoAReaderSchemaSkipsWhatOnlyTheWriterHasAndKeepsRawValues() {
        Schema wider = SchemaBuilder.record("CommunityNotice")
                .namespace("io.liaison.schemas.payload")
                .fields()
                .requiredString("noticeId")
                .requiredString("title")
                .requiredString("body")
                .requiredString("area")
                .requiredLong("publishedAt")
                .optionalString("whisper")
                .endRecord();
        GenericRecord written = new GenericData.Record(wider);
        written.put("noticeId", "n-2");
        written.put("title", "t");
        written.put("body", "b");
        written.put("area", "a");
        written.put("publishedAt", PUBLISHED.toEpochMilli());
        written.put("whisper", "only the writer knows");

        GenericRecord read =
                codec.decodeGeneric(codec.encode("public-value", written), CommunityNotice.getClassSchema());

        assertThat(read.getSchema()).isEqualTo(CommunityNotice.getClassSchema());
        assertThat(read.hasField("whisper")).isFalse();
        assertThat(read.get("publishedAt")).isEqualTo(PUBLISHED.toEpochMilli());
        assertThat(read.get("expiresAt")).as("filled from the reader's default").isNull();
    }

    @Test
    void withoutAutoRegisterAnUnknownSchemaIsNotFoundAndAKnownOneIsUsed() {
        AvroCodec lookupOnly = new AvroCodec(registry, false);

        assertThatThrownBy(() -> lookupOnly.encode("public-value", notice()))
                .isInstanceOf(RegistryException.NotFound.class);
        assertThat(registry.subjects()).isEmpty();

        int id = registry.register("public-value", CommunityNotice.getClassSchema());
        assertThat(WireFormat.schemaId(lookupOnly.encode("public-value", notice())))
                .isEqualTo(id);
    }

    @Test
    void aTruncatedBodyIsAWireFormatErrorNamingTheSchemaId() {
        byte[] message = codec.encode("public-value", notice());
        byte[] truncated = Arrays.copyOf(message, message.length - 10);
        int id = WireFormat.schemaId(message);

        assertThatThrownBy(() -> codec.decodeGeneric(truncated))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("Avro body of a message with schema id " + id + " does not decode");
    }

    @Test
    void anUnknownSchemaIdIsReportedByTheRegistry() {
        assertThatThrownBy(() -> codec.decodeGeneric(WireFormat.frame(404, new byte[] {0})))
                .isInstanceOf(RegistryException.SchemaNotFound.class);
    }

    @Test
    void specificDecodingNeedsAGeneratedClassForTheWriterName() {
        Schema stranger = SchemaBuilder.record("Stranger")
                .namespace("elsewhere")
                .fields()
                .requiredInt("n")
                .endRecord();
        GenericRecord record = new GenericData.Record(stranger);
        record.put("n", 1);
        byte[] message = codec.encode("s-value", record);

        assertThatThrownBy(() -> codec.decodeSpecific(message))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("No generated Avro class for writer schema elsewhere.Stranger");
    }
}
