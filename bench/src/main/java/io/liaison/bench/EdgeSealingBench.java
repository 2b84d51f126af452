package io.liaison.bench;

import io.liaison.streams.Backbone;
import io.liaison.streams.EdgeSealing;
import io.liaison.streams.IngressRecord;
import io.liaison.streams.Outcome;
import io.liaison.streams.Output;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What encryption costs the backbone per message, on and off in the same run: one batch-member
 * record through {@link Backbone#process} as it would be without encryption (the plaintext
 * envelope), and the same record as the topology handles it with encryption (docs/encryption.md):
 * opened with the backbone's X25519 key, processed, then every copy sealed to its recipient's key
 * (HPKE + AES-256-GCM, one wrapped data key per copy) and the audit records passed through.
 * {@code sealOnly} and {@code openOnly} split the difference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EdgeSealingBench {
    /** Sample kinds: 2, 3 and 4 of the four recipient decisions deliver a copy. */
    @Param({"IncidentReport", "SituationReport", "CommunityNotice"})
    public String kind;

    private Backbone backbone;
    private EdgeSealing edges;
    private IngressRecord plain;
    private IngressRecord sealed;
    private Outcome outcome;

    @Setup
    public void setUp() {
        BenchFixture fixture = new BenchFixture();
        backbone = fixture.backbone();
        edges = fixture.edges();
        BenchFixture.Sample sample = fixture.sample(kind);
        plain = fixture.ingress(fixture.sealBatchMember(sample));
        sealed = fixture.sealedToBackbone(plain, sample.payload().getSchema().getName());
        outcome = backbone.process(plain, BenchFixture.NO_REPLAYS);
        if (!(outcome instanceof Outcome.Disseminated)) {
            throw new IllegalStateException("benchmark record was not disseminated: " + outcome);
        }
        if (!(edges.open(sealed) instanceof EdgeSealing.Ingress.Process)) {
            throw new IllegalStateException("the sealed benchmark record does not open: " + edges.open(sealed));
        }
    }

    @Benchmark
    public Outcome withoutEncryption() {
        return backbone.process(plain, BenchFixture.NO_REPLAYS);
    }

    @Benchmark
    public List<Output> withEncryption() {
        IngressRecord opened = ((EdgeSealing.Ingress.Process) edges.open(sealed)).record();
        return edges.seal(sealed, opened, backbone.process(opened, BenchFixture.NO_REPLAYS));
    }

    @Benchmark
    public EdgeSealing.Ingress openOnly() {
        return edges.open(sealed);
    }

    @Benchmark
    public List<Output> sealOnly() {
        return edges.seal(sealed, plain, outcome);
    }
}
