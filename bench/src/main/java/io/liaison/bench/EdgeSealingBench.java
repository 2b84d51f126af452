package io.liaison.bench;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.envelope.Attestations;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.seal.Seal;
import io.liaison.kernel.seal.SealContext;
import io.liaison.kernel.seal.SessionSealer;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.streams.Backbone;
import io.liaison.streams.EdgeSealing;
import io.liaison.streams.IngressRecord;
import io.liaison.streams.Outcome;
import io.liaison.streams.Output;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
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
 * What encryption costs the backbone per message, on and off in the same run: batch-member records
 * through {@link Backbone#process} as they would be without encryption (the plaintext envelope),
 * and the same records as the topology handles them with encryption (docs/encryption.md):
 * opened with the backbone's X25519 key, processed, then every copy sealed to its recipient's key
 * (a fresh AES-256-GCM data key per copy, wrapped under the recipient's session key) and the audit
 * records passed through. The two take 64 distinct members of one Merkle batch in turn, each with
 * free text of its own, as the pipeline's messages have. {@code sealOnly} and {@code openOnly},
 * on the first of them, split the difference.
 *
 * <p>{@code bareCrypto} is the cryptography the first record needs with encryption on and nothing
 * else: the one Ed25519 signature over its copies' attestations (the batch member's sender
 * signature is covered by its cached batch root), opening it, and sealing each copy, through the
 * kernel's seal API. Issue 21's target for {@code withEncryption} is the lower of 15,000 ops/s and
 * half of {@code bareCrypto}. The fixture's clock stands still, so sessions here end by their record
 * count, as they do under load.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EdgeSealingBench {
    /** Sample kinds: 2, 3 and 4 of the four recipient decisions deliver a copy. */
    @Param({"IncidentReport", "SituationReport", "CommunityNotice"})
    public String kind;

    /**
     * Distinct messages the record benchmarks take in turn: more than the texts {@code TextRedactor}
     * remembers per thread, so each message's free text is scanned, as each message's is in the
     * pipeline. A power of two, for the turn's mask.
     */
    private static final int DISTINCT_MESSAGES = 64;

    private Backbone backbone;
    private EdgeSealing edges;
    private IngressRecord[] plainRecords;
    private IngressRecord[] sealedRecords;
    private int turn;
    private IngressRecord sealed;
    private Outcome outcome;
    private Ed25519PrivateKeyParameters attestationKey;
    private byte[] attestationSigned;
    private DecryptionKeys backboneKeys;
    private String messageId;
    private SessionSealer sealer;
    private List<CopyToSeal> copies;

    /** A copy as the edges seal it: where it goes, to which key, and its bytes. */
    private record CopyToSeal(SealContext context, String keyRef, byte[] bytes, EncryptionKey to) {}

    @Setup
    public void setUp() {
        BenchFixture fixture = new BenchFixture();
        backbone = fixture.backbone();
        edges = fixture.edges();
        BenchFixture.Sample sample = fixture.sample(kind);
        List<Envelope> batch = fixture.sealDistinctBatch(kind, DISTINCT_MESSAGES);
        plainRecords = batch.stream().map(fixture::ingress).toArray(IngressRecord[]::new);
        sealedRecords = new IngressRecord[DISTINCT_MESSAGES];
        for (int i = 0; i < DISTINCT_MESSAGES; i++) {
            sealedRecords[i] = fixture.sealedToBackbone(plainRecords[i], kind);
            Outcome each = backbone.process(plainRecords[i], BenchFixture.NO_REPLAYS);
            if (i == 0) {
                outcome = each;
            }
            if (!(each instanceof Outcome.Disseminated)
                    || each.outputs().size() != outcome.outputs().size()) {
                throw new IllegalStateException(
                        "benchmark record " + i + " was not disseminated like the first: " + each);
            }
            if (!(edges.open(sealedRecords[i]) instanceof EdgeSealing.Ingress.Process)) {
                throw new IllegalStateException("sealed benchmark record " + i + " does not open");
            }
        }
        sealed = sealedRecords[0];
        attestationKey = fixture.backboneKey.privateKey();
        List<Output> inboxCopies = outcome.outputs().stream()
                .filter(o -> o.topic().startsWith(Topics.INBOX_PREFIX))
                .toList();
        attestationSigned = Attestations.signedBytes(
                fixture.codec.decodeSpecific(inboxCopies.get(0).value(), Envelope.class));
        backboneKeys = fixture.backboneEncryption;
        messageId = new String(sealed.key(), StandardCharsets.UTF_8);
        sealer = new SessionSealer(fixture.clock, new SecureRandom());
        copies = inboxCopies.stream()
                .map(copy -> {
                    String recipient = copy.topic().substring(Topics.INBOX_PREFIX.length());
                    EncryptionKey to = fixture.trust
                            .encryptionKey(recipient, EncryptionRole.AGENCY, fixture.now)
                            .orElseThrow();
                    SealContext context =
                            new SealContext(copy.topic(), copy.key(), sample.sender(), kind, recipient, to.keyId());
                    return new CopyToSeal(context, copy.key() + "/00", copy.value(), to);
                })
                .toList();
    }

    @Benchmark
    public Outcome withoutEncryption() {
        return backbone.process(plainRecords[nextTurn()], BenchFixture.NO_REPLAYS);
    }

    @Benchmark
    public List<Output> withEncryption() {
        IngressRecord next = sealedRecords[nextTurn()];
        IngressRecord opened = ((EdgeSealing.Ingress.Process) edges.open(next)).record();
        return edges.seal(next, backbone.process(opened, BenchFixture.NO_REPLAYS));
    }

    private int nextTurn() {
        return turn++ & (DISTINCT_MESSAGES - 1);
    }

    @Benchmark
    public EdgeSealing.Ingress openOnly() {
        return edges.open(sealed);
    }

    @Benchmark
    public List<Output> sealOnly() {
        return edges.seal(sealed, outcome);
    }

    @Benchmark
    public void bareCrypto(Blackhole sink) {
        sink.consume(Ed25519.sign(attestationKey, attestationSigned));
        sink.consume(Seal.open(sealed.value(), sealed.topic(), messageId, backboneKeys, Seal.KeyLookup.NONE));
        for (CopyToSeal copy : copies) {
            sink.consume(sealer.sealReferenced(copy.context(), copy.keyRef(), copy.bytes(), copy.to()));
        }
    }
}
