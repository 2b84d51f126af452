package io.liaison.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.AuditFixtures;
import io.liaison.audit.LogTree;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.export.AuditExport;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageProofsTest {
    private static final AuditExport LOG = AuditFixtures.signedLog(23, 5);

    private static MessageProof proofOf(String messageId) {
        LogTree tree = new LogTree();
        LOG.records().forEach(e -> tree.append(e.value()));
        List<AuditEntry> entries = LOG.records().stream()
                .filter(e -> e.index() / 2 == Integer.parseInt(messageId.substring(4)))
                .toList();
        PublishedCheckpoint latest = LOG.checkpoints().get(LOG.checkpoints().size() - 1);
        return MessageProofs.build(messageId, entries, tree, latest, 23);
    }

    /** Only the backbone's public key: what check-proof has. */
    private static CheckpointVerifier backboneOnly() {
        return new CheckpointVerifier(
                new TrustStore().add(AuditFixtures.trusted(AuditFixtures.BACKBONE, KeyRole.BACKBONE_ATTESTATION)));
    }

    @Test
    void aProofSurvivesItsFileAndVerifiesWithOnlyTheBackboneKey() {
        MessageProof proof = MessageProofs.parse(MessageProofs.toJson(proofOf("msg-6")));

        MessageProofs.Check check = MessageProofs.check(proof, backboneOnly());

        assertThat(check).isInstanceOfSatisfying(MessageProofs.Check.Valid.class, v -> {
            assertThat(v.checkpoint().size()).isEqualTo(23);
            assertThat(v.records()).extracting(r -> r.getRecordId()).containsExactly("rec-12", "rec-13");
        });
    }

    @Test
    void anAlteredPathFails() {
        MessageProof proof = proofOf("msg-6");
        MessageProof.ProvenEntry first = proof.entries().get(0);
        List<byte[]> path = new ArrayList<>(first.path());
        byte[] node = path.get(1).clone();
        node[0] ^= 1;
        path.set(1, node);
        MessageProof altered = new MessageProof(
                proof.messageId(),
                proof.checkpoint(),
                List.of(
                        new MessageProof.ProvenEntry(first.entry(), path),
                        proof.entries().get(1)));

        assertThat(MessageProofs.check(altered, backboneOnly()))
                .isEqualTo(
                        new MessageProofs.Check.Invalid("record 12 is not included in the checkpoint of size 23 (root "
                                + AuditFixtures.verify(LOG)
                                        .latest()
                                        .orElseThrow()
                                        .rootHex() + ")"));
    }

    @Test
    void anAlteredRecordOrIndexFails() {
        MessageProof proof = proofOf("msg-6");
        MessageProof.ProvenEntry first = proof.entries().get(0);
        byte[] value = first.entry().value();
        value[value.length - 3] ^= 1;
        MessageProof alteredValue = new MessageProof(
                proof.messageId(),
                proof.checkpoint(),
                List.of(new MessageProof.ProvenEntry(
                        new AuditEntry(12, first.entry().offset(), value), first.path())));
        MessageProof alteredIndex = new MessageProof(
                proof.messageId(),
                proof.checkpoint(),
                List.of(new MessageProof.ProvenEntry(
                        new AuditEntry(13, first.entry().offset(), first.entry().value()), first.path())));

        assertThat(MessageProofs.check(alteredValue, backboneOnly())).isInstanceOf(MessageProofs.Check.Invalid.class);
        assertThat(MessageProofs.check(alteredIndex, backboneOnly())).isInstanceOf(MessageProofs.Check.Invalid.class);
    }

    @Test
    void aProofForAnotherMessageOrAnUntrustedCheckpointFails() {
        MessageProof proof = proofOf("msg-6");
        MessageProof renamed = new MessageProof("msg-7", proof.checkpoint(), proof.entries());

        assertThat(MessageProofs.check(renamed, backboneOnly()))
                .isInstanceOfSatisfying(
                        MessageProofs.Check.Invalid.class,
                        i -> assertThat(i.reason()).contains("is about message msg-6, not msg-7"));
        assertThat(MessageProofs.check(proof, new CheckpointVerifier(new TrustStore())))
                .isInstanceOfSatisfying(
                        MessageProofs.Check.Invalid.class,
                        i -> assertThat(i.reason()).startsWith("checkpoint rejected"));
    }
}
