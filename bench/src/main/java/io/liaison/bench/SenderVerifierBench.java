package io.liaison.bench;

import io.liaison.kernel.envelope.SenderVerifier;
import io.liaison.kernel.envelope.Verdict;
import io.liaison.schemas.envelope.Envelope;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The sender check on the incident report: signed alone, as a batch member whose root another
 * member already verified (the steady state of a batch), and as a batch member with the root
 * cache off (the first member of every batch).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SenderVerifierBench {
    private SenderVerifier verifier;
    private SenderVerifier uncached;
    private Envelope single;
    private Envelope batchMember;
    private Instant now;

    @Setup
    public void setUp() {
        BenchFixture fixture = new BenchFixture();
        verifier = new SenderVerifier(fixture.trust);
        uncached = new SenderVerifier(fixture.trust, 0);
        BenchFixture.Sample sample = fixture.sample("IncidentReport");
        single = fixture.sealSingle(sample);
        batchMember = fixture.sealBatchMember(sample);
        now = fixture.now;
        for (Verdict v : new Verdict[] {
            verifier.verify(single, now), verifier.verify(batchMember, now), uncached.verify(batchMember, now)
        }) {
            if (!v.accepted()) {
                throw new IllegalStateException("benchmark envelope does not verify: " + v);
            }
        }
    }

    @Benchmark
    public Verdict singleSigned() {
        return verifier.verify(single, now);
    }

    @Benchmark
    public Verdict batchMemberRootCached() {
        return verifier.verify(batchMember, now);
    }

    @Benchmark
    public Verdict batchMemberRootNotCached() {
        return uncached.verify(batchMember, now);
    }
}
