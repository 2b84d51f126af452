package io.liaison.kernel.envelope;

import static io.liaison.kernel.envelope.TestEnvelopes.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signing input built once serves the sender check and the original digest as building it each time did. */
class SenderInputTest {
    private final TrustStore trust = new TrustStore();
    private final SigningIdentity cpd = TestEnvelopes.identity(trust, "cpd", KeyRole.AGENCY_SIGNING);

    @Test
    void itsOriginalDigestIsTheDigestOfTheSendersCanonicalInput() {
        Envelope e = TestEnvelopes.signedBatch(cpd, 2).get(1);
        SenderInput input = SenderInput.of(e);

        assertThat(input.originalDigest()).isEqualTo(SigningInputs.originalDigest(e));
        assertThat(new SenderVerifier(trust).verify(input, NOW)).isEqualTo(Verdict.ACCEPTED);
        assertThat(input.originalDigest())
                .as("the same after the check has read the input")
                .isEqualTo(SigningInputs.originalDigest(e));
    }

    @Test
    void aTamperedEnvelopeGetsTheSameRejectionThroughItAsDirectly() {
        List<Envelope> batch = TestEnvelopes.signedBatch(cpd, 3);
        Envelope tampered = batch.get(2);
        tampered.setClassification(Classification.UNCLASSIFIED);

        Verdict direct = new SenderVerifier(trust).verify(tampered, NOW);
        Verdict through = new SenderVerifier(trust).verify(SenderInput.of(tampered), NOW);

        assertThat(direct).isInstanceOf(Verdict.Rejected.class);
        assertThat(through).isEqualTo(direct);
    }
}
