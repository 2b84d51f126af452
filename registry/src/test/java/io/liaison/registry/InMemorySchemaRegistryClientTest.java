package io.liaison.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

    private static final Schema V1 = SchemaBuilder.record("Sighting")
            .namespace("test")
            .fields()
            .requiredString("place")
            .endRecord();
    private static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("Sighting")
            .namespace("test")
            .fields()
            .requiredString("place")
            .name("count")
            .type()
            .intType()
            .intDefault(1)
            .endRecord();
    private static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("Sighting")
            .namespace("test")
            .fields()
            .requiredString("place")
            .requiredInt("count")
            .endRecord();

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void reRegisteringReturnsTheSameIdAndTheSameSchemaSharesItsIdAcrossSubjects() {
        int id = registry.register("a-value", V1);

        assertThat(registry.register("a-value", V1)).isEqualTo(id);
        assertThat(registry.register("b-value", V1)).isEqualTo(id);
        assertThat(registry.getById(id)).isEqualTo(V1);
        assertThat(registry.subjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void versionsCountFromOnePerSubject() {
        int first = registry.register("a-value", V1);
        int second = registry.register("a-value", V2_WITH_DEFAULT);

        assertThat(registry.latest("a-value")).isEqualTo(new RegisteredSchema("a-value", second, 2, V2_WITH_DEFAULT));
        assertThat(registry.lookup("a-value", V1)).isEqualTo(new RegisteredSchema("a-value", first, 1, V1));
    }

    @Test
    void lookupAndFetchReportWhatIsMissing() {
        registry.register("a-value", V1);

        assertThatThrownBy(() -> registry.lookup("nope", V1)).isInstanceOf(RegistryException.SubjectNotFound.class);
        assertThatThrownBy(() -> registry.lookup("a-value", V2_WITH_DEFAULT))
                .isInstanceOf(RegistryException.SchemaNotFound.class);
        assertThatThrownBy(() -> registry.latest("nope")).isInstanceOf(RegistryException.SubjectNotFound.class);
        assertThatThrownBy(() -> registry.getById(999)).isInstanceOf(RegistryException.SchemaNotFound.class);
    }

    @Test
    void backwardIsTheDefaultAndRejectsANewFieldWithoutDefault() {
        registry.register("a-value", V1);

        assertThat(registry.globalCompatibility()).isEqualTo(Compatibility.BACKWARD);
        assertThat(registry.testCompatibility("a-value", V2_WITH_DEFAULT)).isTrue();
        assertThat(registry.testCompatibility("a-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThatThrownBy(() -> registry.register("a-value", V2_WITHOUT_DEFAULT))
                .isInstanceOf(RegistryException.Incompatible.class)
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void aSubjectRuleOverridesTheGlobalOne() {
        registry.register("a-value", V1);
        registry.setSubjectCompatibility("a-value", Compatibility.NONE);

        assertThat(registry.subjectCompatibility("a-value")).isEqualTo(Compatibility.NONE);
        assertThat(registry.subjectCompatibility("other")).isEqualTo(Compatibility.BACKWARD);
        assertThat(registry.register("a-value", V2_WITHOUT_DEFAULT)).isPositive();
    }

    @Test
    void forwardChecksThatOldReadersCanReadNewData() {
        registry.setGlobalCompatibility(Compatibility.FORWARD);
        registry.register("a-value", V2_WITHOUT_DEFAULT);

        // dropping "count" leaves old readers without a value for it
        assertThat(registry.testCompatibility("a-value", V1)).isFalse();
        registry.setGlobalCompatibility(Compatibility.BACKWARD);
        assertThat(registry.testCompatibility("a-value", V1)).isTrue();
    }

    @Test
    void transitiveRulesCheckEveryEarlierVersion() {
        registry.setGlobalCompatibility(Compatibility.NONE);
        registry.register("a-value", V2_WITHOUT_DEFAULT);
        registry.register("a-value", V1);
        Schema v3 = SchemaBuilder.record("Sighting")
                .namespace("test")
                .fields()
                .requiredString("place")
                .requiredLong("count")
                .endRecord();

        registry.setSubjectCompatibility("a-value", Compatibility.FORWARD);
        assertThat(registry.testCompatibility("a-value", v3))
                .as("only against the latest, V1")
                .isTrue();
        registry.setSubjectCompatibility("a-value", Compatibility.FORWARD_TRANSITIVE);
        assertThat(registry.testCompatibility("a-value", v3))
                .as("V2's int reader cannot read a long")
                .isFalse();
    }
}
