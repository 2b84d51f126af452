package io.liaison.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.schemas.payload.CommunityNotice;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class LiaisonAvroSerdeTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void valuesRoundTripUnderTheTopicSubject() {
        Serde<CommunityNotice> serde = LiaisonAvroSerdes.specific(registry, CommunityNotice.class);

        byte[] bytes = serde.serializer().serialize("inbox.public", AvroCodecTest.notice());

        assertThat(registry.subjects()).containsExactly("inbox.public-value");
        assertThat(serde.deserializer().deserialize("inbox.public", bytes)).isEqualTo(AvroCodecTest.notice());
        assertThat(LiaisonAvroSerdes.generic(registry)
                        .deserializer()
                        .deserialize("inbox.public", bytes)
                        .get("noticeId"))
                .hasToString("n-1");
    }

    @Test
    void configuredStrategiesNameKeyAndValueSubjects() {
        LiaisonAvroSerializer<CommunityNotice> keys = new LiaisonAvroSerializer<>(registry);
        keys.configure(
                Map.of("key.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"), true);
        LiaisonAvroSerializer<CommunityNotice> values = new LiaisonAvroSerializer<>(registry);
        values.configure(Map.of("value.subject.name.strategy", "TopicRecordNameStrategy"), false);

        keys.serialize("inbox.public", AvroCodecTest.notice());
        values.serialize("inbox.public", AvroCodecTest.notice());

        assertThat(registry.subjects())
                .containsExactly(
                        "inbox.public-io.liaison.schemas.payload.CommunityNotice",
                        "io.liaison.schemas.payload.CommunityNotice");
    }

    @Test
    void specificAvroReaderReturnsTheGeneratedClass() {
        byte[] bytes = new LiaisonAvroSerializer<CommunityNotice>(registry).serialize("t", AvroCodecTest.notice());
        LiaisonAvroDeserializer<Object> generic = new LiaisonAvroDeserializer<>(registry);
        LiaisonAvroDeserializer<Object> specific = new LiaisonAvroDeserializer<>(registry);
        specific.configure(Map.of("specific.avro.reader", true), false);

        assertThat(generic.deserialize("t", bytes))
                .isInstanceOf(GenericRecord.class)
                .isNotInstanceOf(CommunityNotice.class);
        assertThat(specific.deserialize("t", bytes)).isEqualTo(AvroCodecTest.notice());
    }

    @Test
    void withAutoRegisterOffAnUnregisteredSchemaFailsSerialization() {
        LiaisonAvroSerializer<CommunityNotice> serializer = new LiaisonAvroSerializer<>(registry);
        serializer.configure(Map.of("auto.register.schemas", "false"), false);

        assertThatThrownBy(() -> serializer.serialize("t", AvroCodecTest.notice()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("under subject t-value")
                .hasCauseInstanceOf(RegistryException.SubjectNotFound.class);
    }

    @Test
    void nullsPassThroughAsTombstones() {
        assertThat(new LiaisonAvroSerializer<CommunityNotice>(registry).serialize("t", null))
                .isNull();
        assertThat(new LiaisonAvroDeserializer<>(registry).deserialize("t", null))
                .isNull();
    }

    @Test
    void bytesThatAreNotWireFormatFailWithTheTypedCause() {
        assertThatThrownBy(() -> new LiaisonAvroDeserializer<>(registry).deserialize("t", "{\"json\":1}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("from topic t")
                .hasCauseInstanceOf(WireFormatException.class);
    }

    @Test
    void configurationErrorsNameTheKey() {
        assertThatThrownBy(() -> new LiaisonAvroSerializer<>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("\"schema.registry.url\"");
        assertThatThrownBy(() ->
                        new LiaisonAvroSerializer<>().configure(Map.of("schema.registry.url", "localhost:8081"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url")
                .hasMessageContaining("must be an http or https URL");
        assertThatThrownBy(() -> new LiaisonAvroSerializer<>(registry)
                        .configure(Map.of("value.subject.name.strategy", "Topic"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.subject.name.strategy");
        assertThatThrownBy(() -> new LiaisonAvroDeserializer<>()
                        .configure(Map.of("schema.registry.url", "http://r:8081", "http.read.timeout.ms", 0), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.read.timeout.ms");
        assertThatThrownBy(() -> new LiaisonAvroSerializer<>()
                        .configure(Map.of("schema.registry.url", "http://a:8081,http://b:8081"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("single registry URL");
    }

    @Test
    void aSerializerBuiltByKafkaMustBeConfiguredFirst() {
        assertThatThrownBy(() -> new LiaisonAvroSerializer<CommunityNotice>().serialize("t", AvroCodecTest.notice()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("configure()");
    }
}
