package io.liaison.kernel.envelope;

import static io.liaison.kernel.envelope.TestEnvelopes.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.envelope.BatchInclusion;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.SenderSignature;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verified-batch-root cache may save curve arithmetic, never a check. */
class SenderVerifierBatchCacheTest {
    private final TrustStore trust = new TrustStore();
    private final SigningIdentity cpd = TestEnvelopes.identity(trust, "cpd", KeyRole.AGENCY_SIGNING);
    private final SenderVerifier verifier = new SenderVerifier(trust);

    @Test
    void allMembersOfABatchShareOneRememberedRoot() {
        List<Envelope> batch = TestEnvelopes.signedBatch(cpd, 9);
        assertThat(batch).allSatisfy(e -> assertThat(verifier.verify(e, NOW)).isEqualTo(Verdict.ACCEPTED));
        assertThat(verifier.rememberedBatchRoots()).isEqualTo(1);
    }

    @Test
    void aTamperedMemberIsRejectedWhileItsBatchRootIsCached() {
        List<Envelope> batch = TestEnvelopes.signedBatch(cpd, 5);
        assertThat(verifier.verify(batch.get(0), NOW)).isEqualTo(Verdict.ACCEPTED);
        Envelope tampered = batch.get(3);
        tampered.setClassification(Classification.UNCLASSIFIED);

        assertThat(reason(verifier.verify(tampered, NOW))).isEqualTo(RejectionReason.SIGNATURE_INVALID);
        assertThat(verifier.verify(batch.get(2), NOW))
                .as("the untouched members still verify")
                .isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aMemberClaimingAnotherLeafIndexIsRejectedWhileItsBatchRootIsCached() {
        List<Envelope> batch = TestEnvelopes.signedBatch(cpd, 4);
        assertThat(verifier.verify(batch.get(0), NOW)).isEqualTo(Verdict.ACCEPTED);
        Envelope moved = batch.get(1);
        BatchInclusion inclusion = moved.getSignature().getBatch();
        moved.setSignature(new SenderSignature(
                moved.getSignature().getAlgorithm(),
                moved.getSignature().getValue(),
                new BatchInclusion(2, inclusion.getBatchSize(), inclusion.getPath())));

        assertThat(reason(verifier.verify(moved, NOW))).isEqualTo(RejectionReason.SIGNATURE_INVALID);
    }

    @Test
    void aCachedRootUnderANowRevokedKeyIsRejected() {
        List<Envelope> batch = TestEnvelopes.signedBatch(cpd, 3);
        assertThat(verifier.verify(batch.get(0), NOW)).isEqualTo(Verdict.ACCEPTED);
        trust.revoke(cpd.keyId(), NOW.plusSeconds(1), "key compromise");

        assertThat(reason(verifier.verify(batch.get(1), NOW.plusSeconds(1)))).isEqualTo(RejectionReason.KEY_REVOKED);
        assertThat(verifier.verify(batch.get(1), NOW))
                .as("before the revocation time it still verifies")
                .isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aCachedRootDoesNotVouchForTheSameBatchUnderAnotherSender() {
        SigningIdentity ice = TestEnvelopes.identity(trust, "ice", KeyRole.AGENCY_SIGNING);
        List<Envelope> batch = TestEnvelopes.signedBatch(cpd, 3);
        assertThat(verifier.verify(batch.get(0), NOW)).isEqualTo(Verdict.ACCEPTED);
        Envelope relabelled = batch.get(1);
        relabelled.setSenderAgency("ice");
        relabelled.setKeyId(ice.keyId());

        assertThat(reason(verifier.verify(relabelled, NOW))).isEqualTo(RejectionReason.SIGNATURE_INVALID);
    }

    @Test
    void theCacheKeepsOnlyTheMostRecentlyUsedRoots() {
        SenderVerifier small = new SenderVerifier(trust, 2);
        List<List<Envelope>> batches = List.of(
                TestEnvelopes.signedBatch(cpd, 2),
                TestEnvelopes.signedBatch(cpd, 2),
                TestEnvelopes.signedBatch(cpd, 2));
        for (List<Envelope> batch : batches) {
            assertThat(small.verify(batch.get(0), NOW)).isEqualTo(Verdict.ACCEPTED);
        }
        assertThat(small.rememberedBatchRoots()).isEqualTo(2);
        assertThat(batches)
                .allSatisfy(b -> assertThat(small.verify(b.get(1), NOW)).isEqualTo(Verdict.ACCEPTED));
    }

    @Test
    void aZeroSizedCacheVerifiesEveryMemberInFull() {
        SenderVerifier uncached = new SenderVerifier(trust, 0);
        List<Envelope> batch = TestEnvelopes.signedBatch(cpd, 3);
        assertThat(batch).allSatisfy(e -> assertThat(uncached.verify(e, NOW)).isEqualTo(Verdict.ACCEPTED));
        assertThat(uncached.rememberedBatchRoots()).isZero();
    }

    @Test
    void aNegativeCacheSizeIsRefused() {
        assertThatThrownBy(() -> new SenderVerifier(trust, -1)).hasMessageContaining("batchRootCacheSize");
    }

    private static RejectionReason reason(Verdict v) {
        assertThat(v).isInstanceOf(Verdict.Rejected.class);
        return ((Verdict.Rejected) v).reason();
    }
}
