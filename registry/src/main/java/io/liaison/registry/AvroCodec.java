package io.liaison.registry;

import io.liaison.schemas.LiaisonSchemas;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes Avro records to Confluent wire format and back, resolving schemas through a
 * {@link SchemaRegistryClient}. No Kafka here: the envelope's payload bytes, the HTTP gateways and
 * the Kafka serdes all go through this one codec.
 *
 * <p>Generic decoding applies no logical-type conversions: a {@code timestamp-millis} field comes
 * back as a {@code Long}, strings as {@code Utf8} (or {@code String} where the schema says
 * {@code "avro.java.string": "String"}, as Liaison's generated schemas do). Specific decoding uses the
 * generated class's own conversions ({@code Instant}, {@code LocalDate}). Datum readers and
 * writers are cached per schema; they are thread-safe, encoders and decoders are made per call.
 */
public final class AvroCodec {

    private final SchemaRegistryClient registry;
    private final boolean autoRegister;
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    private final Map<Class<?>, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Integer, DatumReader<Object>> genericReaders = new ConcurrentHashMap<>();
    private final Map<ResolvingReaderKey, DatumReader<Object>> resolvingReaders = new ConcurrentHashMap<>();
    private final Map<SpecificReaderKey, DatumReader<Object>> specificReaders = new ConcurrentHashMap<>();

    /**
     * @param autoRegister register unknown schemas when encoding; if false, encoding a schema not
     *     yet registered under the subject fails with {@link RegistryException.NotFound}
     */
    public AvroCodec(SchemaRegistryClient registry, boolean autoRegister) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.autoRegister = autoRegister;
        LiaisonSchemas.trustGeneratedClasses();
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    /** The id of {@code schema} under {@code subject}: registered if this codec auto-registers, else looked up. */
    public int schemaId(String subject, Schema schema) {
        return autoRegister
                ? registry.register(subject, schema)
                : registry.lookup(subject, schema).id();
    }

    /** {@code value} (a generic or specific record, enum, fixed or array) in wire format under {@code subject}. */
    public byte[] encode(String subject, GenericContainer value) {
        Objects.requireNonNull(value, "value");
        Schema schema = value.getSchema();
        int id = schemaId(subject, schema);
        DatumWriter<Object> writer = value instanceof SpecificRecord
                ? specificWriters.computeIfAbsent(value.getClass(), type -> specificWriter(type, schema))
                : genericWriters.computeIfAbsent(schema, NullableUnions::genericWriter);
        return WireFormat.encode(id, writer, value);
    }

    /** The writer schema of a framed message, fetched from the registry by its id. */
    public Schema writerSchema(byte[] message) {
        return registry.getById(WireFormat.schemaId(message));
    }

    /**
     * A message decoded with its writer schema, values raw as written.
     *
     * @throws WireFormatException if the bytes are not a well-formed message or the writer schema is not a record
     */
    public GenericRecord decodeGeneric(byte[] message) {
        int id = WireFormat.schemaId(message);
        Schema writer = registry.getById(id);
        if (writer.getType() != Schema.Type.RECORD) {
            throw new WireFormatException("Schema id " + id + " is a " + writer.getType() + ", not a record");
        }
        DatumReader<Object> reader =
                genericReaders.computeIfAbsent(id, key -> new GenericDatumReader<>(writer, writer, GenericData.get()));
        return (GenericRecord) WireFormat.decode(message, reader);
    }

    /**
     * A message decoded with its writer schema resolved to {@code reader} (Avro schema resolution),
     * values raw as written: the record has the reader's schema, fields only the writer has are skipped.
     *
     * @throws WireFormatException if the bytes are not a well-formed message or do not resolve to {@code reader}
     */
    public GenericRecord decodeGeneric(byte[] message, Schema reader) {
        int id = WireFormat.schemaId(message);
        Schema writer = registry.getById(id);
        DatumReader<Object> datumReader = resolvingReaders.computeIfAbsent(
                new ResolvingReaderKey(id, reader), key -> new GenericDatumReader<>(writer, reader, GenericData.get()));
        return (GenericRecord) WireFormat.decode(message, datumReader);
    }

    /**
     * A message decoded into the generated class named by its writer schema (full name).
     *
     * @throws WireFormatException if no generated class has that name
     */
    public SpecificRecord decodeSpecific(byte[] message) {
        Schema writer = writerSchema(message);
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new WireFormatException("No generated Avro class for writer schema " + writer.getFullName()
                    + " (schema id " + WireFormat.schemaId(message) + ")");
        }
        return decodeSpecific(message, type.asSubclass(SpecificRecord.class));
    }

    /** A message decoded into {@code type}, resolving the writer schema against the class's own schema. */
    public <T extends SpecificRecord> T decodeSpecific(byte[] message, Class<T> type) {
        int id = WireFormat.schemaId(message);
        Schema writer = registry.getById(id);
        DatumReader<Object> reader = specificReaders.computeIfAbsent(new SpecificReaderKey(id, type), key -> {
            SpecificData model = SpecificData.getForClass(type);
            return new SpecificDatumReader<>(writer, model.getSchema(type), model);
        });
        return type.cast(WireFormat.decode(message, reader));
    }

    private static DatumWriter<Object> specificWriter(Class<?> type, Schema schema) {
        return NullableUnions.specificWriter(schema, SpecificData.getForClass(type));
    }

    private record SpecificReaderKey(int schemaId, Class<?> type) {}

    private record ResolvingReaderKey(int schemaId, Schema reader) {}
}
