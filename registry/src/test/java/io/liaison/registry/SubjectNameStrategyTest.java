package io.liaison.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.schemas.payload.CommunityNotice;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {

    private static final Schema NOTICE = CommunityNotice.getClassSchema();

    @Test
    void topicNameStrategySuffixesKeyOrValue() {
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("inbox.cpd", false, NOTICE))
                .isEqualTo("inbox.cpd-value");
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("inbox.cpd", true, NOTICE))
                .isEqualTo("inbox.cpd-key");
    }

    @Test
    void recordNameStrategiesUseTheFullName() {
        assertThat(SubjectNameStrategy.RECORD_NAME.subject("inbox.cpd", false, NOTICE))
                .isEqualTo("io.liaison.schemas.payload.CommunityNotice");
        assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subject("inbox.cpd", true, NOTICE))
                .isEqualTo("inbox.cpd-io.liaison.schemas.payload.CommunityNotice");
    }

    @Test
    void recordNameStrategyNeedsANamedSchema() {
        assertThatThrownBy(() -> SubjectNameStrategy.RECORD_NAME.subject("t", false, Schema.create(Schema.Type.STRING)))
                .hasMessage("RecordNameStrategy needs a named schema (record, enum or fixed), got STRING");
    }

    @Test
    void configAcceptsShortNamesAndConfluentClassNames() {
        assertThat(SubjectNameStrategy.fromConfig("TopicRecordNameStrategy"))
                .isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
        assertThat(SubjectNameStrategy.fromConfig("io.confluent.kafka.serializers.subject.RecordNameStrategy"))
                .isEqualTo(SubjectNameStrategy.RECORD_NAME);
        assertThatThrownBy(() -> SubjectNameStrategy.fromConfig("com.example.MyStrategy"))
                .hasMessageStartingWith("Unknown subject name strategy com.example.MyStrategy");
    }
}
