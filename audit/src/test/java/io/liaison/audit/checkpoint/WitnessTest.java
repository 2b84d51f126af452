package io.liaison.audit.checkpoint;

import static io.liaison.audit.AuditFixtures.BACKBONE;
import static io.liaison.audit.AuditFixtures.ORIGIN;
import static io.liaison.audit.AuditFixtures.WITNESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.audit.AuditFixtures;
import io.liaison.audit.LogTree;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.RecordTime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WitnessTest {
    static final String KEY_NAME = "oversight.test/witness";
    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");

    private final List<SignedNote> remembered = new ArrayList<>();

    static Witness witness() {
        return new Witness(WITNESS, KEY_NAME, AuditFixtures.verifier(), Set.of(ORIGIN), Map.of(), note -> {});
    }

    private Witness remembering(Map<String, Checkpoint> state) {
        return new Witness(WITNESS, KEY_NAME, AuditFixtures.verifier(), Set.of(ORIGIN), state, remembered::add);
    }

    private static LogTree tree(String prefix, int n) {
        LogTree tree = new LogTree();
        for (int i = 0; i < n; i++) {
            tree.append((prefix + i).getBytes(StandardCharsets.UTF_8));
        }
        return tree;
    }

    private static String signed(LogTree tree, long size) {
        return CheckpointNotes.sign(new Checkpoint(ORIGIN, size, tree.root(size)), BACKBONE, ORIGIN)
                .serialize();
    }

    private static AddCheckpoint grow(LogTree tree, long from, long to) {
        return new AddCheckpoint(from, tree.consistencyProof(from, to), signed(tree, to));
    }

    @Test
    void consistentGrowthIsCosignedRememberedFirstAndTheCosignatureVerifies() {
        LogTree tree = tree("r", 9);
        Witness witness = remembering(Map.of());

        Witness.Decision first = witness.add(grow(tree, 0, 4), NOW);
        Witness.Decision grown = witness.add(grow(tree, 4, 9), NOW.plusSeconds(30));

        assertThat(first).isInstanceOf(Witness.Decision.Cosigned.class);
        SignedNote cosigned = ((Witness.Decision.Cosigned) grown).note();
        assertThat(remembered).containsExactly(((Witness.Decision.Cosigned) first).note(), cosigned);
        assertThat(witness.cosigned(ORIGIN)).contains(new Checkpoint(ORIGIN, 9, tree.root()));
        CheckpointVerifier.Result.Verified v = (CheckpointVerifier.Result.Verified)
                AuditFixtures.verifier().verify(cosigned.serialize(), new RecordTime.LogAppend(NOW));
        assertThat(v.cosignatures()).singleElement().satisfies(c -> {
            assertThat(c.witness().role()).isEqualTo(KeyRole.WITNESS);
            assertThat(c.keyName()).isEqualTo(KEY_NAME);
            assertThat(c.at()).isEqualTo(NOW.plusSeconds(30));
        });
    }

    @Test
    void aForkAtTheCosignedSizeIsRefused() {
        Witness witness = remembering(
                Map.of(ORIGIN, new Checkpoint(ORIGIN, 4, tree("r", 4).root())));

        Witness.Decision forked = witness.add(new AddCheckpoint(4, List.of(), signed(tree("x", 4), 4)), NOW);

        assertThat(forked)
                .isEqualTo(new Witness.Decision.Refused(
                        Witness.Refusal.FORK,
                        "checkpoint of size 4 has root " + hex(tree("x", 4).root()) + ", but the checkpoint cosigned"
                                + " at that size has root " + hex(tree("r", 4).root()),
                        4));
        assertThat(remembered).isEmpty();
    }

    @Test
    void aTruncatedLogIsRefusedWhateverOldSizeTheClientClaims() {
        LogTree tree = tree("r", 9);
        Witness witness = remembering(Map.of(ORIGIN, new Checkpoint(ORIGIN, 9, tree.root())));
        Witness.Decision expected = new Witness.Decision.Refused(
                Witness.Refusal.TRUNCATION, "checkpoint size 6 is smaller than the last cosigned size 9", 9);

        assertThat(witness.add(new AddCheckpoint(9, List.of(), signed(tree, 6)), NOW))
                .isEqualTo(expected);
        assertThat(witness.add(grow(tree, 4, 6), NOW)).isEqualTo(expected);
    }

    @Test
    void aRewrittenHistoryIsRefusedForItsProof() {
        LogTree rewritten = tree("r", 4);
        rewritten.append("forged".getBytes(StandardCharsets.UTF_8));
        rewritten.append("r5".getBytes(StandardCharsets.UTF_8));
        Witness witness = remembering(
                Map.of(ORIGIN, new Checkpoint(ORIGIN, 5, tree("r", 5).root())));

        Witness.Decision decision = witness.add(grow(rewritten, 5, 6), NOW);

        assertThat(decision).isInstanceOfSatisfying(Witness.Decision.Refused.class, r -> {
            assertThat(r.refusal()).isEqualTo(Witness.Refusal.INCONSISTENT);
            assertThat(r.refusal().misbehaviour()).isTrue();
            assertThat(r.reason())
                    .isEqualTo("checkpoint of size 6 is not consistent with the last cosigned checkpoint of"
                            + " size 5 (root " + hex(tree("r", 5).root()) + ")");
        });
        assertThat(witness.cosigned(ORIGIN))
                .contains(new Checkpoint(ORIGIN, 5, tree("r", 5).root()));
    }

    @Test
    void aStaleOldSizeIsAnsweredWithTheCosignedSize() {
        LogTree tree = tree("r", 9);
        Witness witness = remembering(Map.of(ORIGIN, new Checkpoint(ORIGIN, 4, tree.root(4))));

        Witness.Decision stale = witness.add(grow(tree, 0, 9), NOW);

        assertThat(stale)
                .isEqualTo(new Witness.Decision.Refused(
                        Witness.Refusal.STALE_OLD_SIZE, "old size 0 is not the last cosigned size 4", 4));
        assertThat(((Witness.Decision.Refused) stale).refusal().misbehaviour()).isFalse();
        assertThat(witness.add(grow(tree, 4, 9), NOW)).isInstanceOf(Witness.Decision.Cosigned.class);
    }

    @Test
    void anUnknownOriginAnUnsignedNoteAndAnOldSizeBeyondTheCheckpointAreRefused() {
        LogTree tree = tree("r", 3);
        String otherOrigin = CheckpointNotes.sign(new Checkpoint("other.test/log", 3, tree.root()), BACKBONE, ORIGIN)
                .serialize();
        String byStranger = CheckpointNotes.sign(
                        new Checkpoint(ORIGIN, 3, tree.root()), AuditFixtures.randomIdentity("mallory"), ORIGIN)
                .serialize();
        Witness witness = witness();

        assertThat(witness.add(new AddCheckpoint(0, List.of(), otherOrigin), NOW))
                .isEqualTo(new Witness.Decision.Refused(
                        Witness.Refusal.UNKNOWN_ORIGIN, "origin 'other.test/log' is not witnessed here", 0));
        assertThat(witness.add(new AddCheckpoint(0, List.of(), byStranger), NOW))
                .isEqualTo(new Witness.Decision.Refused(
                        Witness.Refusal.UNTRUSTED,
                        "no signature by a trusted backbone key on checkpoint of size 3",
                        0));
        assertThat(witness.add(new AddCheckpoint(5, List.of(), signed(tree, 3)), NOW))
                .isEqualTo(new Witness.Decision.Refused(
                        Witness.Refusal.MALFORMED, "old size 5 is larger than the checkpoint size 3", 0));
    }

    @Test
    void aRequestBodyRoundTripsAndMalformedBodiesAreNamed() {
        LogTree tree = tree("r", 9);
        AddCheckpoint request = grow(tree, 4, 9);

        AddCheckpoint parsed = AddCheckpoint.parse(request.body().getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.oldSize()).isEqualTo(4);
        assertThat(parsed.proof()).containsExactlyElementsOf(tree.consistencyProof(4, 9));
        assertThat(parsed.note()).isEqualTo(request.note());
        assertThat(request.body()).startsWith("old 4\n").contains("\n\n" + ORIGIN + "\n9\n");
        assertThatThrownBy(() -> AddCheckpoint.parse("old 04\n\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the old size must be decimal without leading zeros: '04'");
        assertThatThrownBy(() -> AddCheckpoint.parse("new 4\n\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the request must start with the line 'old <size>'");
        assertThatThrownBy(() -> AddCheckpoint.parse("old 4\nAAAA\n\nx".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("a consistency proof line must be a 32-byte hash, was 3 bytes");
    }

    @Test
    void stateForAnOriginItDoesNotWitnessIsRefusedAtConstruction() {
        Map<String, Checkpoint> state = Map.of("other.test/log", new Checkpoint("other.test/log", 1, new byte[32]));

        assertThatThrownBy(() -> remembering(state))
                .hasMessage("the witness state holds origin 'other.test/log', which it is not configured to witness (["
                        + ORIGIN + "])");
    }

    private static String hex(byte[] root) {
        return HexFormat.of().formatHex(root);
    }
}
