package io.liaison.bench;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.envelope.Attestations;
import io.liaison.kernel.envelope.EnvelopeSigner;
import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.streams.Backbone;
import io.liaison.streams.IngressRecord;
import io.liaison.streams.Outcome;
import io.liaison.streams.Output;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One ingress record through {@link Backbone#process}: decode, sender signature, payload decode,
 * commitments, policy for the four other agencies, redaction, re-encode, the copies' attestations
 * under one signature, audit records. Beside it, in the same run, the bare cryptography the same
 * record needs: one Ed25519 verify of its signing input (none when its batch root is cached) plus
 * the one Ed25519 signature over the bytes its attestations sign (the batch root over the recipient
 * slots). The ratio of the two is the "hot path within 1.5x of bare crypto" target (BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BackboneBench {
    /** Sample kinds: 2, 3 and 4 of the four recipient decisions deliver a copy. */
    @Param({"IncidentReport", "SituationReport", "CommunityNotice"})
    public String kind;

    private Backbone backbone;
    private IngressRecord single;
    private IngressRecord batchMember;
    private Ed25519PublicKeyParameters senderKey;
    private byte[] senderInput;
    private byte[] senderSignature;
    private Ed25519PrivateKeyParameters backboneKey;
    private byte[] attestationSigned;

    @Setup
    public void setUp() {
        BenchFixture fixture = new BenchFixture();
        backbone = fixture.backbone();
        BenchFixture.Sample sample = fixture.sample(kind);
        Envelope singleEnvelope = fixture.sealSingle(sample);
        single = fixture.ingress(singleEnvelope);
        batchMember = fixture.ingress(fixture.sealBatchMember(sample));
        Outcome outcome = requireDisseminated(backbone.process(single, BenchFixture.NO_REPLAYS));
        requireDisseminated(backbone.process(batchMember, BenchFixture.NO_REPLAYS));

        senderKey = fixture.trust.key(singleEnvelope.getKeyId()).orElseThrow().publicKey();
        senderInput = EnvelopeSigner.signedBytes(singleEnvelope);
        senderSignature = FieldCommitments.bytes(singleEnvelope.getSignature().getValue());
        backboneKey = fixture.backboneKey.privateKey();
        Output firstCopy = outcome.outputs().stream()
                .filter(o -> o.topic().startsWith(Topics.INBOX_PREFIX))
                .findFirst()
                .orElseThrow();
        attestationSigned = Attestations.signedBytes(fixture.codec.decodeSpecific(firstCopy.value(), Envelope.class));
    }

    private static Outcome requireDisseminated(Outcome outcome) {
        if (!(outcome instanceof Outcome.Disseminated)) {
            throw new IllegalStateException("benchmark record was not disseminated: " + outcome);
        }
        return outcome;
    }

    @Benchmark
    public Outcome processSingleSigned() {
        return backbone.process(single, BenchFixture.NO_REPLAYS);
    }

    @Benchmark
    public Outcome processBatchMember() {
        return backbone.process(batchMember, BenchFixture.NO_REPLAYS);
    }

    @Benchmark
    public void bareCryptoSingleSigned(Blackhole sink) {
        sink.consume(Ed25519.verify(senderKey, senderInput, senderSignature));
        sink.consume(Ed25519.sign(backboneKey, attestationSigned));
    }

    @Benchmark
    public void bareCryptoBatchMember(Blackhole sink) {
        sink.consume(Ed25519.sign(backboneKey, attestationSigned));
    }
}
