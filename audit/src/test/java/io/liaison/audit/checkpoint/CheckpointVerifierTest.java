package io.liaison.audit.checkpoint;

import static io.liaison.audit.AuditFixtures.BACKBONE;
import static io.liaison.audit.AuditFixtures.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.AuditFixtures;
import io.liaison.audit.LogTree;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.RecordTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointVerifierTest {
    private static final RecordTime PUBLISHED = new RecordTime.LogAppend(Instant.parse("2025-03-01T09:00:00Z"));

    private static LogTree tree(int n) {
        LogTree tree = new LogTree();
        for (int i = 0; i < n; i++) {
            tree.append(("r" + i).getBytes());
        }
        return tree;
    }

    private static String signed(LogTree tree, long size) {
        return CheckpointNotes.sign(new Checkpoint(ORIGIN, size, tree.root(size)), BACKBONE, ORIGIN)
                .serialize();
    }

    @Test
    void aBackboneSignedCheckpointVerifies() {
        LogTree tree = tree(5);
        CheckpointVerifier.Result result = AuditFixtures.verifier().verify(signed(tree, 5), PUBLISHED);

        assertThat(result).isInstanceOf(CheckpointVerifier.Result.Verified.class);
        CheckpointVerifier.Result.Verified v = (CheckpointVerifier.Result.Verified) result;
        assertThat(v.checkpoint().size()).isEqualTo(5);
        assertThat(v.checkpoint().rootHash()).isEqualTo(tree.root());
        assertThat(v.signedBy().keyId()).isEqualTo(BACKBONE.keyId());
        assertThat(v.cosignatures()).isEmpty();
    }

    @Test
    void aTamperedBodyOrSignatureIsRejected() {
        String note = signed(tree(5), 5);
        String otherSize = note.replaceFirst("\n5\n", "\n6\n");
        String lastChar = note.substring(0, note.length() - 3)
                + (note.charAt(note.length() - 3) == 'A' ? 'B' : 'A')
                + note.substring(note.length() - 2);

        assertThat(AuditFixtures.verifier().verify(otherSize, PUBLISHED))
                .isEqualTo(
                        new CheckpointVerifier.Result.Rejected("backbone signature of " + ORIGIN + " does not verify"));
        assertThat(AuditFixtures.verifier().verify(lastChar, PUBLISHED))
                .isInstanceOf(CheckpointVerifier.Result.Rejected.class);
    }

    @Test
    void aCheckpointSignedByAnUntrustedKeyIsRejected() {
        SigningIdentity impostor = AuditFixtures.randomIdentity("backbone");
        LogTree tree = tree(3);
        String note = CheckpointNotes.sign(new Checkpoint(ORIGIN, 3, tree.root()), impostor, ORIGIN)
                .serialize();

        assertThat(AuditFixtures.verifier().verify(note, PUBLISHED))
                .isEqualTo(new CheckpointVerifier.Result.Rejected(
                        "no signature by a trusted backbone key on checkpoint of size 3"));
    }

    @Test
    void aCheckpointSignedAfterTheBackboneKeyWasRevokedIsRejected() {
        CheckpointVerifier verifier = new CheckpointVerifier(
                AuditFixtures.trust().revoke(BACKBONE.keyId(), PUBLISHED.at().minusSeconds(60), "compromised"));

        CheckpointVerifier.Result result = verifier.verify(signed(tree(2), 2), PUBLISHED);

        assertThat(result).isInstanceOf(CheckpointVerifier.Result.Rejected.class);
        assertThat(((CheckpointVerifier.Result.Rejected) result).reason()).contains("revoked");
    }

    @Test
    void aCheckpointIsJudgedWhenTheBrokerAppendedItNotAtATimeItsPublisherChose() {
        // a thief with the backbone key, revoked a minute ago, backdates the record's timestamp: the topic ignores it
        CheckpointVerifier verifier = new CheckpointVerifier(
                AuditFixtures.trust().revoke(BACKBONE.keyId(), PUBLISHED.at().minusSeconds(60), "key-compromise"));
        Instant backdated = PUBLISHED.at().minus(Duration.ofDays(1));

        assertThat(verifier.verify(signed(tree(2), 2), new RecordTime.ProducerChosen("CreateTime", backdated)))
                .isEqualTo(
                        new CheckpointVerifier.Result.Rejected(
                                "NOT_LOG_APPEND_TIME: the checkpoint's timestamp " + backdated + " is CreateTime, "
                                        + "chosen by its publisher; the checkpoints topic must set message.timestamp.type=LogAppendTime"));
        assertThat(verifier.verify(signed(tree(2), 2), PUBLISHED))
                .isInstanceOfSatisfying(
                        CheckpointVerifier.Result.Rejected.class,
                        r -> assertThat(r.reason())
                                .isEqualTo("backbone key " + BACKBONE.keyId() + " was revoked at "
                                        + PUBLISHED.at().minusSeconds(60) + ", before it signed at " + PUBLISHED.at()));
    }

    @Test
    void aTamperedCosignatureRejectsTheNote() {
        LogTree tree = tree(3);
        Witness witness = WitnessTest.witness();
        SignedNote cosigned = ((Witness.Decision.Cosigned)
                        witness.add(new AddCheckpoint(0, List.of(), signed(tree, 3)), PUBLISHED.at()))
                .note();
        NoteSignature cosignature = cosigned.signatures().get(1);
        byte[] bytes = cosignature.signature();
        bytes[20] ^= 1;
        SignedNote tampered = new SignedNote(
                cosigned.text(),
                List.of(
                        cosigned.signatures().get(0),
                        new NoteSignature(cosignature.keyName(), cosignature.keyId(), bytes)));

        assertThat(AuditFixtures.verifier().verify(tampered.serialize(), PUBLISHED))
                .isEqualTo(new CheckpointVerifier.Result.Rejected(
                        "cosignature of witness oversight.test/witness does not verify"));
    }

    @Test
    void scheduleWaitsForGrowthAndPublishesOnCountOrInterval() {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        CheckpointSchedule schedule = new CheckpointSchedule(10, Duration.ofSeconds(5), t);

        assertThat(schedule.due(0, t.plusSeconds(60))).as("nothing to attest").isFalse();
        assertThat(schedule.due(3, t.plusSeconds(1))).as("few records, soon").isFalse();
        assertThat(schedule.due(10, t.plusSeconds(1))).as("count reached").isTrue();
        assertThat(schedule.due(3, t.plusSeconds(5))).as("interval reached").isTrue();
        schedule.published(3, t.plusSeconds(5));
        assertThat(schedule.due(3, t.plusSeconds(60))).as("no growth since").isFalse();
        assertThat(schedule.due(4, t.plusSeconds(10))).isTrue();
    }
}
