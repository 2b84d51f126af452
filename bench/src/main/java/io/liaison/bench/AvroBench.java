package io.liaison.bench;

import io.liaison.registry.AvroCodec;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Avro in Confluent wire format through the project's codec (schema ids cached), on the ~1 KB incident report. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AvroBench {
    private AvroCodec codec;
    private GenericRecord payload;
    private String subject;
    private byte[] encoded;

    @Setup
    public void setUp() {
        BenchFixture fixture = new BenchFixture();
        codec = fixture.codec;
        payload = fixture.sample("IncidentReport").payload();
        subject = payload.getSchema().getFullName();
        encoded = codec.encode(subject, payload);
    }

    @Benchmark
    public byte[] serialiseIncidentReport() {
        return codec.encode(subject, payload);
    }

    @Benchmark
    public GenericRecord deserialiseIncidentReport() {
        return codec.decodeGeneric(encoded);
    }
}
