package io.liaison.bench;

import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.kernel.envelope.Verdict;
import io.liaison.schemas.envelope.FieldCommitment;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Salted per-field commitments of the incident report (one HMAC and one SHA-256 per leaf). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CommitmentBench {
    private GenericRecord payload;
    private byte[] seed;
    private List<FieldCommitment> commitments;

    @Setup
    public void setUp() {
        payload = new BenchFixture().sample("IncidentReport").payload();
        seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        commitments = FieldCommitments.commit(payload, seed);
    }

    @Benchmark
    public List<FieldCommitment> commit() {
        return FieldCommitments.commit(payload, seed);
    }

    @Benchmark
    public Verdict verify() {
        return FieldCommitments.verify(payload, commitments, Set.of());
    }
}
