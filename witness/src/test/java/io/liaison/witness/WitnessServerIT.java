package io.liaison.witness;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.LogTree;
import io.liaison.audit.checkpoint.AddCheckpoint;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointNotes;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.NoteSignature;
import io.liaison.audit.checkpoint.SignedNote;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.RecordTime;
import io.liaison.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 1, over HTTP: the witness cosigns a log that only grows, and refuses, with the
 * C2SP tlog-witness status codes, a fork (another root at the size it cosigned), a truncation (a
 * smaller checkpoint) and a rewrite (a larger tree whose proof does not extend the one it cosigned);
 * restarted on the same state directory, it still refuses the fork.
 */
class WitnessServerIT {
    private static final String ORIGIN = "liaison.test/witnessed";
    private static final String KEY_NAME = "oversight.test/witness";

    @TempDir
    Path state;

    private final TestPki pki = new TestPki("Witness Test Root");
    private final SigningIdentity backbone = pki.backbone();
    private final SigningIdentity witnessKey = pki.issue("oversight", KeyRole.WITNESS);
    private final HttpClient http = HttpClient.newHttpClient();
    private WitnessServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WitnessServer start() {
        return WitnessServer.start(
                new WitnessConfig("127.0.0.1", 0, Optional.empty(), state),
                witnessKey,
                KEY_NAME,
                new CheckpointVerifier(pki.trust()),
                Set.of(ORIGIN),
                Clock.systemUTC());
    }

    private static LogTree tree(String prefix, int n) {
        LogTree tree = new LogTree();
        for (int i = 0; i < n; i++) {
            tree.append((prefix + i).getBytes(StandardCharsets.UTF_8));
        }
        return tree;
    }

    private String signed(LogTree tree, long size) {
        return CheckpointNotes.sign(new Checkpoint(ORIGIN, size, tree.root(size)), backbone, ORIGIN)
                .serialize();
    }

    private HttpResponse<String> add(long oldSize, List<byte[]> proof, String note)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/add-checkpoint"))
                        .POST(HttpRequest.BodyPublishers.ofString(new AddCheckpoint(oldSize, proof, note).body()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aConsistentSequenceIsCosignedAndTheCosignatureVerifiesWithTheWitnessCertificate() throws Exception {
        server = start();
        LogTree log = tree("r", 9);

        HttpResponse<String> first = add(0, List.of(), signed(log, 4));
        HttpResponse<String> grown = add(4, log.consistencyProof(4, 9), signed(log, 9));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(grown.statusCode()).isEqualTo(200);
        assertThat(grown.body()).startsWith("\u2014 " + KEY_NAME + " ").endsWith("\n");
        List<NoteSignature> cosignatures = AddCheckpoint.parseCosignatures(grown.body());
        SignedNote cosigned = SignedNote.parse(signed(log, 9)).withSignature(cosignatures.get(0));
        CheckpointVerifier.Result opened = new CheckpointVerifier(pki.trust())
                .verify(cosigned.serialize(), new RecordTime.LogAppend(Instant.now()));
        assertThat(opened)
                .isInstanceOfSatisfying(
                        CheckpointVerifier.Result.Verified.class,
                        v -> assertThat(v.cosignatures())
                                .singleElement()
                                .satisfies(c -> assertThat(c.witness().keyId()).isEqualTo(witnessKey.keyId())));
        assertThat(state.resolve("liaison.test%2Fwitnessed.note"))
                .as("persisted before the answer")
                .hasContent(cosigned.serialize());
    }

    @Test
    void aForkATruncationAndARewriteAreRefusedWithTheSpecsStatusesAndCounted() throws Exception {
        server = start();
        LogTree log = tree("r", 9);
        assertThat(add(0, List.of(), signed(log, 9)).statusCode()).isEqualTo(200);
        LogTree rewritten = tree("r", 5);
        for (int i = 5; i < 12; i++) {
            rewritten.append(("forged" + i).getBytes(StandardCharsets.UTF_8));
        }

        HttpResponse<String> fork = add(9, List.of(), signed(rewritten, 9));
        HttpResponse<String> truncation = add(6, log.consistencyProof(6, 6), signed(log, 6));
        HttpResponse<String> rewrite = add(9, rewritten.consistencyProof(9, 12), signed(rewritten, 12));
        HttpResponse<String> stale = add(0, List.of(), signed(log, 9));

        assertThat(fork.statusCode()).isEqualTo(409);
        assertThat(fork.body()).isEqualTo("9\n");
        assertThat(fork.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/x.tlog.size"));
        assertThat(truncation.statusCode()).isEqualTo(409);
        assertThat(truncation.body()).isEqualTo("9\n");
        assertThat(rewrite.statusCode()).isEqualTo(422);
        assertThat(rewrite.body())
                .isEqualTo("INCONSISTENT: checkpoint of size 12 is not consistent with the last cosigned checkpoint"
                        + " of size 9 (root " + new Checkpoint(ORIGIN, 9, log.root()).rootHex() + ")\n");
        assertThat(stale.statusCode())
                .as("a client's stale view is answered with the size")
                .isEqualTo(409);
        assertThat(stale.body()).isEqualTo("9\n");
        assertThat(get("/metrics").body())
                .contains("liaison_witness_cosigned_total{process=\"witness\"} 1.0\n")
                .contains("liaison_witness_refused_total{process=\"witness\",reason=\"fork\"} 1.0\n")
                .contains("liaison_witness_refused_total{process=\"witness\",reason=\"truncation\"} 1.0\n")
                .contains("liaison_witness_refused_total{process=\"witness\",reason=\"inconsistent\"} 1.0\n")
                .contains("liaison_witness_refused_total{process=\"witness\",reason=\"stale_old_size\"} 1.0\n")
                .contains("liaison_witness_cosigned_size{origin=\"" + ORIGIN + "\",process=\"witness\"} 9.0\n");
        assertThat(get("/health").body())
                .contains("\"lastRefusedMisbehaviour\":")
                .contains("INCONSISTENT");
    }

    @Test
    void anUnknownOriginAnUntrustedSignatureAndAMalformedBodyGet404And403And400() throws Exception {
        server = start();
        LogTree log = tree("r", 3);
        String otherOrigin = CheckpointNotes.sign(new Checkpoint("other.test/log", 3, log.root()), backbone, ORIGIN)
                .serialize();
        String byStranger = CheckpointNotes.sign(
                        new Checkpoint(ORIGIN, 3, log.root()), new TestPki("Other Root").backbone(), ORIGIN)
                .serialize();

        assertThat(add(0, List.of(), otherOrigin).statusCode()).isEqualTo(404);
        assertThat(add(0, List.of(), byStranger).statusCode()).isEqualTo(403);
        HttpResponse<String> malformed = http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/add-checkpoint"))
                        .POST(HttpRequest.BodyPublishers.ofString("old x\n\n"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).isEqualTo("MALFORMED: the old size must be decimal without leading zeros: 'x'\n");
    }

    @Test
    void restartedOnTheSameStateTheWitnessStillRefusesTheForkAndContinuesTheLog() throws Exception {
        server = start();
        LogTree log = tree("r", 9);
        assertThat(add(0, List.of(), signed(log, 5)).statusCode()).isEqualTo(200);
        server.close();

        server = start();
        HttpResponse<String> fork = add(5, List.of(), signed(tree("x", 5), 5));
        HttpResponse<String> grown = add(5, log.consistencyProof(5, 9), signed(log, 9));

        assertThat(fork.statusCode()).isEqualTo(409);
        assertThat(fork.body()).isEqualTo("5\n");
        assertThat(grown.statusCode()).isEqualTo(200);
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }
}
