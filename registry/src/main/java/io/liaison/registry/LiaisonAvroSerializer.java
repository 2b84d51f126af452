package io.liaison.registry;

import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing Avro records in Confluent wire format, registering (or looking up)
 * their schemas through {@link AvroCodec}. Config keys: {@link LiaisonAvroSerdeConfig}.
 *
 * <p>Built by Kafka from a class name, it needs {@code schema.registry.url}. Built with a client
 * (an {@link InMemorySchemaRegistryClient} in unit tests, a shared {@link ConfluentRegistryClient}
 * in services) it works without {@code configure()}: auto-registering, {@code TopicNameStrategy},
 * as a value serializer; {@code configure()} may still override those.
 */
public final class LiaisonAvroSerializer<T extends GenericContainer> implements Serializer<T> {

    private SchemaRegistryClient registry;
    private AvroCodec codec;
    private SubjectNameStrategy subjectNames = SubjectNameStrategy.TOPIC_NAME;
    private boolean isKey;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public LiaisonAvroSerializer() {}

    public LiaisonAvroSerializer(SchemaRegistryClient registry) {
        this.registry = registry;
        this.codec = new AvroCodec(registry, true);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        LiaisonAvroSerdeConfig config = new LiaisonAvroSerdeConfig(configs);
        if (registry == null) {
            registry = config.newRegistryClient();
        }
        this.codec = new AvroCodec(registry, config.autoRegisterSchemas());
        this.subjectNames = config.subjectNameStrategy(isKey);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (codec == null) {
            throw new IllegalStateException("LiaisonAvroSerializer was not configured: call configure() first");
        }
        String subject = subjectNames.subject(topic, isKey, data.getSchema());
        try {
            return codec.encode(subject, data);
        } catch (RegistryException e) {
            throw new SerializationException(
                    "Could not serialize a " + data.getSchema().getFullName() + " for topic " + topic
                            + " under subject " + subject + ": " + e.getMessage(),
                    e);
        }
    }
}
