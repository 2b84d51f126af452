package io.liaison.registry;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** How a serializer names the subject it registers a schema under, as Confluent's three built-in strategies do. */
public enum SubjectNameStrategy {

    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic. */
    TOPIC_NAME("TopicNameStrategy"),
    /** The record's full name: one lineage per type, across topics. */
    RECORD_NAME("RecordNameStrategy"),
    /** {@code <topic>-<record full name>}: one lineage per type per topic. */
    TOPIC_RECORD_NAME("TopicRecordNameStrategy");

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private final String configName;

    SubjectNameStrategy(String configName) {
        this.configName = configName;
    }

    /** The short name used in config, e.g. {@code TopicNameStrategy}. */
    public String configName() {
        return configName;
    }

    /** Every accepted config value: the short names and Confluent's fully qualified class names. */
    public static List<String> configValues() {
        return Arrays.stream(values())
                .flatMap(s -> Stream.of(s.configName, CONFLUENT_PACKAGE + s.configName))
                .toList();
    }

    /** The strategy named by a config value, short or fully qualified. */
    public static SubjectNameStrategy fromConfig(String value) {
        String shortName = value.startsWith(CONFLUENT_PACKAGE) ? value.substring(CONFLUENT_PACKAGE.length()) : value;
        return Arrays.stream(values())
                .filter(s -> s.configName.equals(shortName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Unknown subject name strategy " + value + "; expected one of " + configValues()));
    }

    /** The subject for a value or key of {@code schema} written to {@code topic}. */
    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
            case RECORD_NAME -> recordName(schema);
            case TOPIC_RECORD_NAME -> topic + "-" + recordName(schema);
        };
    }

    private String recordName(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> schema.getFullName();
            default ->
                throw new IllegalArgumentException(
                        configName + " needs a named schema (record, enum or fixed), got " + schema.getType());
        };
    }
}
