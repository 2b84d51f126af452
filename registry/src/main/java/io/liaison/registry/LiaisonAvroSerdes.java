package io.liaison.registry;

import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Ready-made value serdes over a registry client, for Kafka Streams topologies (which do not call
 * {@code configure()} on serde instances passed to {@code Consumed}/{@code Produced}): they
 * auto-register under {@code <topic>-value}.
 */
public final class LiaisonAvroSerdes {

    private LiaisonAvroSerdes() {}

    /** Writes {@code type}, reads any compatible writer schema into {@code type}. */
    public static <T extends SpecificRecord> Serde<T> specific(SchemaRegistryClient registry, Class<T> type) {
        return Serdes.serdeFrom(new LiaisonAvroSerializer<>(registry), new LiaisonAvroDeserializer<>(registry, type));
    }

    /** Writes and reads {@code GenericRecord}s with raw values. */
    public static Serde<GenericRecord> generic(SchemaRegistryClient registry) {
        return Serdes.serdeFrom(new LiaisonAvroSerializer<>(registry), new LiaisonAvroDeserializer<>(registry));
    }
}
