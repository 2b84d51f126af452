package io.liaison.kernel.envelope;

import static io.liaison.kernel.envelope.TestEnvelopes.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeSignatureTest {
    private final TrustStore trust = new TrustStore();
    private final SigningIdentity cpd = TestEnvelopes.identity(trust, "cpd", KeyRole.AGENCY_SIGNING);
    private final SigningIdentity ice = TestEnvelopes.identity(trust, "ice", KeyRole.AGENCY_SIGNING);
    private final SenderVerifier verifier = new SenderVerifier(trust);

    private Envelope signedByCpd() {
        return new EnvelopeSigner(cpd).sign(TestEnvelopes.unsigned(cpd, SamplePayloads.shotsFiredReport("I-1", NOW)));
    }

    @Test
    void aSignedEnvelopeVerifies() {
        assertThat(verifier.verify(signedByCpd(), NOW)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aTamperedHeaderFieldIsRejected() {
        Envelope e = signedByCpd();
        e.setMessageType("CommunityNotice");
        assertThat(reason(verifier.verify(e, NOW))).isEqualTo(RejectionReason.SIGNATURE_INVALID);
    }

    @Test
    void aTamperedCommitmentIsRejected() {
        Envelope e = signedByCpd();
        byte[] digest = FieldCommitments.bytes(e.getCommitments().get(3).getDigest());
        digest[0] ^= 1;
        e.getCommitments().get(3).setDigest(ByteBuffer.wrap(digest));
        assertThat(reason(verifier.verify(e, NOW))).isEqualTo(RejectionReason.SIGNATURE_INVALID);
    }

    @Test
    void aSignatureByAnotherAgencysKeyIsRejected() {
        Envelope e = TestEnvelopes.unsigned(cpd, SamplePayloads.shotsFiredReport("I-1", NOW));
        e.setKeyId(ice.keyId());
        e.setSenderAgency("ice");
        new EnvelopeSigner(ice).sign(e);
        e.setSenderAgency("cpd");
        assertThat(reason(verifier.verify(e, NOW))).isEqualTo(RejectionReason.SENDER_KEY_MISMATCH);
    }

    @Test
    void unknownKeysAndAgenciesAreTellApart() {
        Envelope unknownKey = signedByCpd();
        unknownKey.setKeyId("not-a-key");
        assertThat(reason(verifier.verify(unknownKey, NOW))).isEqualTo(RejectionReason.UNKNOWN_KEY);
        Envelope unknownAgency = signedByCpd();
        unknownAgency.setKeyId("not-a-key");
        unknownAgency.setSenderAgency("nobody");
        assertThat(reason(verifier.verify(unknownAgency, NOW))).isEqualTo(RejectionReason.UNKNOWN_AGENCY);
    }

    @Test
    void aRevokedKeyIsRejectedFromItsRevocationTimeOnly() {
        Envelope e = signedByCpd();
        trust.revoke(cpd.keyId(), NOW.plusSeconds(60), "laptop stolen");
        assertThat(verifier.verify(e, NOW)).isEqualTo(Verdict.ACCEPTED);
        assertThat(reason(verifier.verify(e, NOW.plusSeconds(60)))).isEqualTo(RejectionReason.KEY_REVOKED);
    }

    @Test
    void anExpiredCertificateIsRejected() {
        assertThat(reason(verifier.verify(signedByCpd(), NOW.plus(Duration.ofDays(2)))))
                .isEqualTo(RejectionReason.CERTIFICATE_EXPIRED);
    }

    @Test
    void aSignatureCopiedFromAnotherMessageIsRejected() {
        Envelope first = signedByCpd();
        Envelope second = signedByCpd();
        second.setSignature(first.getSignature());
        assertThat(reason(verifier.verify(second, NOW))).isEqualTo(RejectionReason.SIGNATURE_INVALID);
    }

    @Test
    void eachMemberOfASignedBatchVerifiesOnItsOwn() {
        List<Envelope> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(TestEnvelopes.unsigned(cpd, SamplePayloads.shotsFiredReport("I-" + i, NOW)));
        }
        new EnvelopeSigner(cpd).signBatch(batch);
        assertThat(batch).allSatisfy(e -> assertThat(verifier.verify(e, NOW)).isEqualTo(Verdict.ACCEPTED));
        assertThat(batch.get(0).getSignature().getValue())
                .isEqualTo(batch.get(6).getSignature().getValue());

        Envelope tampered = batch.get(4);
        tampered.setClassification(io.liaison.schemas.envelope.Classification.UNCLASSIFIED);
        assertThat(reason(verifier.verify(tampered, NOW))).isEqualTo(RejectionReason.SIGNATURE_INVALID);
    }

    private static RejectionReason reason(Verdict v) {
        assertThat(v).isInstanceOf(Verdict.Rejected.class);
        return ((Verdict.Rejected) v).reason();
    }
}
