package io.liaison.kernel.envelope;

import static io.liaison.kernel.envelope.TestEnvelopes.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.crypto.MerkleTree;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** All recipient copies of one message under one backbone signature, each verifiable on its own. */
class AttestationBatchTest {
    private final TrustStore trust = new TrustStore();
    private final SigningIdentity cpd = TestEnvelopes.identity(trust, "cpd", KeyRole.AGENCY_SIGNING);
    private final SigningIdentity backbone = TestEnvelopes.identity(trust, "backbone", KeyRole.BACKBONE_ATTESTATION);
    private final Envelope original =
            new EnvelopeSigner(cpd).sign(TestEnvelopes.unsigned(cpd, SamplePayloads.shotsFiredReport("I-9", NOW)));
    private final byte[] originalDigest = SigningInputs.originalDigest(original);

    private final Attestations.Copy toIce = new Attestations.Copy(
            0, new byte[] {0, 0, 0, 0, 2, 1}, delivery("ice", Map.of("involvedPersons[0].immigrationStatus", "DROP")));
    private final Attestations.Copy toOversight = new Attestations.Copy(
            3, new byte[] {0, 0, 0, 0, 2, 2}, delivery("oversight", Map.of("narrative", "REDACT_TEXT")));

    @Test
    void everyCopyVerifiesOnItsOwnAndAllShareOneSignature() {
        List<Envelope> copies =
                Attestations.attestAll(backbone, original, originalDigest, List.of(toIce, toOversight), 4, NOW);

        assertThat(copies)
                .hasSize(2)
                .allSatisfy(c -> assertThat(Attestations.verify(c, trust, NOW)).isEqualTo(Verdict.ACCEPTED));
        assertThat(copies.get(0).getAttestation().getSignature())
                .isEqualTo(copies.get(1).getAttestation().getSignature());
        assertThat(copies)
                .extracting(c -> c.getAttestation().getBatch().getLeafIndex())
                .containsExactly(0, 3);
        assertThat(copies)
                .extracting(c -> c.getAttestation().getBatch().getBatchSize())
                .containsOnly(4);
        assertThat(copies).extracting(c -> c.getAttestation().getRecipient()).containsExactly("ice", "oversight");
        // the sender's signature still verifies on each copy
        assertThat(copies)
                .allSatisfy(c ->
                        assertThat(new SenderVerifier(trust).verify(c, NOW)).isEqualTo(Verdict.ACCEPTED));
    }

    @Test
    void aSingleRecipientSlotIsSignedDirectlyWithoutABatch() {
        Envelope copy = Attestations.attestAll(
                        backbone,
                        original,
                        originalDigest,
                        List.of(new Attestations.Copy(0, toIce.deliveredPayload(), toIce.delivery())),
                        1,
                        NOW)
                .get(0);

        assertThat(copy.getAttestation().getBatch()).isNull();
        assertThat(Attestations.verify(copy, trust, NOW)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void changingTheDeliveredBytesTheNonceThePathOrThePositionIsDetected() {
        assertRejectedAfter(c -> c.getPayload().put(5, (byte) 9));
        assertRejectedAfter(c -> c.getAttestation().getBatch().getNonce().put(0, (byte)
                (c.getAttestation().getBatch().getNonce().get(0) + 1)));
        assertRejectedAfter(c -> c.getAttestation().getBatch().getPath().set(0, ByteBuffer.wrap(new byte[32])));
        assertRejectedAfter(c -> c.getAttestation().getBatch().setLeafIndex(1));
        assertRejectedAfter(c -> c.getAttestation().getBatch().setBatchSize(8));
        assertRejectedAfter(c -> c.getAttestation().setRecipient("guard"));
        assertRejectedAfter(c -> c.getAttestation().setBatch(null));
    }

    @Test
    void theInclusionPathRevealsNothingAboutTheOtherCopies() {
        List<Envelope> copies =
                Attestations.attestAll(backbone, original, originalDigest, List.of(toIce, toOversight), 4, NOW);
        Envelope oversightCopy = copies.get(1);
        // Without the other copy's nonce, the unblinded hash of ice's attestation input is not among the siblings.
        byte[] iceInput = SigningInputs.attestation(copies.get(0).getAttestation(), toIce.deliveredPayload());
        byte[] unblinded = MerkleTree.leafHash(iceInput);
        assertThat(oversightCopy.getAttestation().getBatch().getPath())
                .noneMatch(sibling -> Arrays.equals(FieldCommitments.bytes(sibling), unblinded));
        // Two runs over the same copies give different trees: empty slots and nonces are random.
        List<Envelope> again =
                Attestations.attestAll(backbone, original, originalDigest, List.of(toIce, toOversight), 4, NOW);
        assertThat(again.get(1).getAttestation().getBatch().getPath())
                .isNotEqualTo(oversightCopy.getAttestation().getBatch().getPath());
    }

    @Test
    void slotsMustBeDistinctAndInRange() {
        Attestations.Copy alsoSlotZero =
                new Attestations.Copy(0, toOversight.deliveredPayload(), toOversight.delivery());
        assertThatThrownBy(() -> Attestations.attestAll(
                        backbone, original, originalDigest, List.of(toIce, alsoSlotZero), 4, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two copies for slot 0");
        assertThatThrownBy(
                        () -> Attestations.attestAll(backbone, original, originalDigest, List.of(toOversight), 3, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slot 3 is outside 0..2");
    }

    private void assertRejectedAfter(java.util.function.Consumer<Envelope> tamper) {
        Envelope copy = Attestations.attestAll(backbone, original, originalDigest, List.of(toIce, toOversight), 4, NOW)
                .get(0);
        tamper.accept(copy);
        Verdict v = Attestations.verify(copy, trust, NOW);
        assertThat(v).isInstanceOf(Verdict.Rejected.class);
        assertThat(((Verdict.Rejected) v).reason()).isEqualTo(RejectionReason.ATTESTATION_INVALID);
    }

    private static Attestations.Delivery delivery(String recipient, Map<String, String> actions) {
        return new Attestations.Delivery(
                recipient, "violent-crime-investigation", "sha256:abc", List.of("r1"), actions);
    }
}
