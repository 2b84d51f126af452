package io.liaison.registry;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer reading Confluent wire-format Avro through {@link AvroCodec}: the writer
 * schema comes from the registry by the id in the message. Returns a {@code GenericRecord} with
 * raw values, or with {@code specific.avro.reader=true} (or a target class) the generated class.
 * Malformed bytes and registry failures surface as {@link SerializationException} whose cause is
 * the typed {@link WireFormatException} or {@link RegistryException}.
 *
 * @param <T> {@code GenericRecord}, {@code SpecificRecord} or the target class
 */
public final class LiaisonAvroDeserializer<T> implements Deserializer<T> {

    private final Class<? extends SpecificRecord> targetType;
    private SchemaRegistryClient registry;
    private AvroCodec codec;
    private boolean specificReader;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public LiaisonAvroDeserializer() {
        this.targetType = null;
    }

    /** Decodes to {@code GenericRecord} unless {@code configure()} asks for {@code specific.avro.reader}. */
    public LiaisonAvroDeserializer(SchemaRegistryClient registry) {
        this.targetType = null;
        this.registry = registry;
        this.codec = new AvroCodec(registry, false);
    }

    /** Always decodes into {@code targetType}, resolving older writer schemas against it. */
    public LiaisonAvroDeserializer(SchemaRegistryClient registry, Class<? extends SpecificRecord> targetType) {
        this.targetType = targetType;
        this.registry = registry;
        this.codec = new AvroCodec(registry, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        LiaisonAvroSerdeConfig config = new LiaisonAvroSerdeConfig(configs);
        if (registry == null) {
            registry = config.newRegistryClient();
            codec = new AvroCodec(registry, false);
        }
        specificReader = config.specificAvroReader();
    }

    @Override
    @SuppressWarnings("unchecked") // T is chosen by the caller to match the configured reader
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (codec == null) {
            throw new IllegalStateException("LiaisonAvroDeserializer was not configured: call configure() first");
        }
        try {
            if (targetType != null) {
                return (T) codec.decodeSpecific(data, targetType);
            }
            return (T) (specificReader ? codec.decodeSpecific(data) : codec.decodeGeneric(data));
        } catch (WireFormatException | RegistryException e) {
            throw new SerializationException(
                    "Could not deserialize a record from topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
