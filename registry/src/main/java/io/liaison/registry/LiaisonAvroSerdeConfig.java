package io.liaison.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one place that declares the Avro serde's config keys and their docs. Keys and values follow
 * Confluent's serializers so existing producer and consumer properties carry over; invalid values
 * fail at {@code configure()} with Kafka's {@link ConfigException}, which names the key.
 */
public final class LiaisonAvroSerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Base URL of the Confluent-API schema registry, e.g."
            + " http://127.0.0.1:8081, or Apicurio's http://HOST:PORT/apis/ccompat/v7. One URL. Required unless"
            + " the serde was constructed with a registry client.";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether the serializer registers a record's schema"
            + " if the subject does not have it yet; if false it only looks the schema up and fails when absent.";

    public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";
    public static final String KEY_SUBJECT_NAME_STRATEGY_DOC = "Subject naming for keys: TopicNameStrategy,"
            + " RecordNameStrategy or TopicRecordNameStrategy (Confluent's fully qualified class names are accepted).";

    public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY_DOC = "Subject naming for values: TopicNameStrategy,"
            + " RecordNameStrategy or TopicRecordNameStrategy (Confluent's fully qualified class names are accepted).";

    public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_READER_DOC = "Whether the deserializer returns the generated class"
            + " named by the writer schema instead of a GenericRecord.";

    public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
    public static final String HTTP_CONNECT_TIMEOUT_MS_DOC = "How long to wait for a connection to the registry.";

    public static final String HTTP_READ_TIMEOUT_MS_CONFIG = "http.read.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS_DOC = "How long to wait for each reply from the registry.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(
                    SCHEMA_REGISTRY_URL_CONFIG,
                    ConfigDef.Type.STRING,
                    null,
                    LiaisonAvroSerdeConfig::validateUrl,
                    ConfigDef.Importance.HIGH,
                    SCHEMA_REGISTRY_URL_DOC)
            .define(
                    AUTO_REGISTER_SCHEMAS_CONFIG,
                    ConfigDef.Type.BOOLEAN,
                    true,
                    ConfigDef.Importance.MEDIUM,
                    AUTO_REGISTER_SCHEMAS_DOC)
            .define(
                    KEY_SUBJECT_NAME_STRATEGY_CONFIG,
                    ConfigDef.Type.STRING,
                    SubjectNameStrategy.TOPIC_NAME.configName(),
                    strategyValidator(),
                    ConfigDef.Importance.MEDIUM,
                    KEY_SUBJECT_NAME_STRATEGY_DOC)
            .define(
                    VALUE_SUBJECT_NAME_STRATEGY_CONFIG,
                    ConfigDef.Type.STRING,
                    SubjectNameStrategy.TOPIC_NAME.configName(),
                    strategyValidator(),
                    ConfigDef.Importance.MEDIUM,
                    VALUE_SUBJECT_NAME_STRATEGY_DOC)
            .define(
                    SPECIFIC_AVRO_READER_CONFIG,
                    ConfigDef.Type.BOOLEAN,
                    false,
                    ConfigDef.Importance.MEDIUM,
                    SPECIFIC_AVRO_READER_DOC)
            .define(
                    HTTP_CONNECT_TIMEOUT_MS_CONFIG,
                    ConfigDef.Type.INT,
                    (int) RegistryClientConfig.DEFAULT_CONNECT_TIMEOUT.toMillis(),
                    ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.LOW,
                    HTTP_CONNECT_TIMEOUT_MS_DOC)
            .define(
                    HTTP_READ_TIMEOUT_MS_CONFIG,
                    ConfigDef.Type.INT,
                    (int) RegistryClientConfig.DEFAULT_REQUEST_TIMEOUT.toMillis(),
                    ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.LOW,
                    HTTP_READ_TIMEOUT_MS_DOC);

    public LiaisonAvroSerdeConfig(Map<String, ?> configs) {
        super(CONFIG, configs, false);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    public boolean specificAvroReader() {
        return getBoolean(SPECIFIC_AVRO_READER_CONFIG);
    }

    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return SubjectNameStrategy.fromConfig(
                getString(isKey ? KEY_SUBJECT_NAME_STRATEGY_CONFIG : VALUE_SUBJECT_NAME_STRATEGY_CONFIG));
    }

    /** A client for the configured URL; fails naming the key if none was given. */
    public SchemaRegistryClient newRegistryClient() {
        String url = getString(SCHEMA_REGISTRY_URL_CONFIG);
        if (url == null) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL_CONFIG
                    + "\" which has no default value.");
        }
        return new ConfluentRegistryClient(new RegistryClientConfig(
                URI.create(url.strip()),
                Duration.ofMillis(getInt(HTTP_CONNECT_TIMEOUT_MS_CONFIG)),
                Duration.ofMillis(getInt(HTTP_READ_TIMEOUT_MS_CONFIG))));
    }

    private static void validateUrl(String name, Object value) {
        if (value == null) {
            return;
        }
        String url = value.toString().strip();
        if (url.contains(",")) {
            throw new ConfigException(name, value, "Liaison's client takes a single registry URL, not a list");
        }
        try {
            RegistryClientConfig.of(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "must be an http or https URL with a host");
        }
    }

    private static ConfigDef.Validator strategyValidator() {
        return ConfigDef.ValidString.in(SubjectNameStrategy.configValues().toArray(String[]::new));
    }
}
