package io.liaison.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.registry.Compatibility;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.LiaisonAvroSerdes;
import io.liaison.registry.RegisteredSchema;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.registry.RegistryException;
import io.liaison.registry.SchemaRegistryClient;
import io.liaison.registry.WireFormat;
import io.liaison.schemas.payload.CommunityNotice;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link ConfluentRegistryClient} must do against any real Confluent-API registry. Each
 * subclass supplies one (Apicurio here, Confluent's own image where Docker exists); the registry
 * is shared, so every test works under subjects of its own.
 */
abstract class RegistryClientContract {

    private static final Schema V1 = SchemaBuilder.record("Sighting")
            .namespace("contract")
            .fields()
            .requiredString("place")
            .endRecord();
    private static final Schema V2_COMPATIBLE = SchemaBuilder.record("Sighting")
            .namespace("contract")
            .fields()
            .requiredString("place")
            .name("count")
            .type()
            .intType()
            .intDefault(1)
            .endRecord();
    /** Changes a field's type: BACKWARD rejects it. */
    private static final Schema V2_BREAKING = SchemaBuilder.record("Sighting")
            .namespace("contract")
            .fields()
            .requiredInt("place")
            .endRecord();

    private SchemaRegistryClient client;
    private String subject;

    /** The registry's Confluent-API base URL. */
    abstract String registryUrl();

    @BeforeEach
    void freshClientAndSubject() {
        client = newClient();
        subject = "contract-" + UUID.randomUUID() + "-value";
    }

    private SchemaRegistryClient newClient() {
        return new ConfluentRegistryClient(RegistryClientConfig.of(registryUrl()));
    }

    @Test
    void reRegisteringTheSameSchemaReturnsTheSameId() {
        int id = client.register(subject, V1);

        assertThat(newClient().register(subject, V1))
                .as("asked again by a client with no cache")
                .isEqualTo(id);
        assertThat(client.subjects()).contains(subject);
    }

    @Test
    void aSchemaIsFetchedByItsIdAndAsTheLatestVersion() {
        int first = client.register(subject, V1);
        int second = client.register(subject, V2_COMPATIBLE);

        assertThat(second).isNotEqualTo(first);
        assertThat(newClient().getById(first)).isEqualTo(V1);
        RegisteredSchema latest = newClient().latest(subject);
        assertThat(latest.id()).isEqualTo(second);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.schema()).isEqualTo(V2_COMPATIBLE);
        assertThat(latest.subject()).isEqualTo(subject);
    }

    @Test
    void lookupFindsARegisteredSchemaAndRegistersNothing() {
        int id = client.register(subject, V1);

        assertThat(newClient().lookup(subject, V1)).isEqualTo(new RegisteredSchema(subject, id, 1, V1));
        assertThatThrownBy(() -> client.lookup(subject, V2_COMPATIBLE))
                .isInstanceOf(RegistryException.SchemaNotFound.class);
        assertThatThrownBy(() -> client.lookup(subject + "-absent", V1))
                .isInstanceOf(RegistryException.SubjectNotFound.class);
        assertThat(client.latest(subject).version())
                .as("lookup did not add a version")
                .isEqualTo(1);
    }

    @Test
    void underBackwardABreakingChangeIsIncompatibleAndRefused() {
        client.setSubjectCompatibility(subject, Compatibility.BACKWARD);
        client.register(subject, V1);

        assertThat(client.testCompatibility(subject, V2_COMPATIBLE)).isTrue();
        assertThat(client.testCompatibility(subject, V2_BREAKING)).isFalse();
        assertThatThrownBy(() -> client.register(subject, V2_BREAKING))
                .isInstanceOf(RegistryException.Incompatible.class);
        assertThat(client.latest(subject).version()).isEqualTo(1);
    }

    @Test
    void theGlobalRuleIsBackwardAsOnConfluentsServer() {
        assertThat(client.globalCompatibility()).isEqualTo(Compatibility.BACKWARD);

        client.register(subject, V1);
        assertThatThrownBy(() -> client.register(subject, V2_BREAKING))
                .isInstanceOf(RegistryException.Incompatible.class);
    }

    @Test
    void aSubjectRuleIsStoredAndReadBack() {
        client.register(subject, V1);
        client.setSubjectCompatibility(subject, Compatibility.FULL);

        assertThat(client.subjectCompatibility(subject)).isEqualTo(Compatibility.FULL);
    }

    @Test
    void anUnknownIdIsSchemaNotFound() {
        assertThatThrownBy(() -> client.getById(Integer.MAX_VALUE - 7))
                .isInstanceOf(RegistryException.SchemaNotFound.class);
        assertThatThrownBy(() -> client.latest(subject)).isInstanceOf(RegistryException.SubjectNotFound.class);
    }

    @Test
    void aRecordRoundTripsThroughTheSerdeAndTheRegistry() {
        CommunityNotice notice = CommunityNotice.newBuilder()
                .setNoticeId("n-1")
                .setTitle("Shelter open")
                .setBody("Gym at 5th and Main")
                .setArea("Loop")
                .setPublishedAt(Instant.parse("2025-06-14T18:30:00Z"))
                .build();
        String topic = subject.substring(0, subject.length() - "-value".length());

        byte[] bytes = LiaisonAvroSerdes.specific(client, CommunityNotice.class)
                .serializer()
                .serialize(topic, notice);

        // a client that never saw the schema must fetch it from the registry by the id in the bytes
        SchemaRegistryClient reader = newClient();
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(reader.latest(subject).id());
        assertThat(LiaisonAvroSerdes.specific(reader, CommunityNotice.class)
                        .deserializer()
                        .deserialize(topic, bytes))
                .isEqualTo(notice);
        GenericRecord generic =
                LiaisonAvroSerdes.generic(newClient()).deserializer().deserialize(topic, bytes);
        assertThat(generic.get("publishedAt")).isEqualTo(notice.getPublishedAt().toEpochMilli());
    }
}
