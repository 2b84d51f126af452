package io.liaison.kernel.envelope;

import static io.liaison.kernel.envelope.TestEnvelopes.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.samples.SamplePayloads;
import org.junit.jupiter.api.Test;

/** The backbone's attestation key signs escalations as sender {@code backbone}, and nothing else as a sender. */
class BackboneIssuedTest {
    private final TrustStore trust = new TrustStore();
    private final SigningIdentity backbone =
            TestEnvelopes.identity(trust, SenderVerifier.BACKBONE_ISSUER, KeyRole.BACKBONE_ATTESTATION);
    private final SenderVerifier verifier = new SenderVerifier(trust);

    private Envelope signedAs(String messageType) {
        Envelope e = TestEnvelopes.unsigned(backbone, SamplePayloads.sitrep("S-1", NOW));
        e.setMessageType(messageType);
        return new EnvelopeSigner(backbone).sign(e);
    }

    @Test
    void anEscalationSignedWithTheAttestationKeyVerifies() {
        assertThat(verifier.verify(signedAs(LiaisonSchemas.ESCALATION), NOW)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void anyOtherMessageTypeFromTheBackboneIsRefusedAsSenderKeyMismatch() {
        assertThat(verifier.verify(signedAs("SituationReport"), NOW))
                .isInstanceOfSatisfying(Verdict.Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(RejectionReason.SENDER_KEY_MISMATCH);
                    assertThat(r.detail()).contains("BACKBONE_ATTESTATION");
                });
    }

    @Test
    void anAgencyKeyCannotSignAnEscalationAsTheBackbone() {
        SigningIdentity cpd = TestEnvelopes.identity(trust, "cpd", KeyRole.AGENCY_SIGNING);
        Envelope forged = TestEnvelopes.unsigned(cpd, SamplePayloads.sitrep("S-2", NOW));
        forged.setMessageType(LiaisonSchemas.ESCALATION);
        forged.setSenderAgency(SenderVerifier.BACKBONE_ISSUER);
        forged.setSignature(new EnvelopeSigner(cpd)
                .sign(TestEnvelopes.unsigned(cpd, SamplePayloads.sitrep("S-2", NOW)))
                .getSignature());

        assertThat(verifier.verify(forged, NOW))
                .isInstanceOfSatisfying(
                        Verdict.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectionReason.SENDER_KEY_MISMATCH));
    }
}
