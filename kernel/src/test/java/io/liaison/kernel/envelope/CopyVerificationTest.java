package io.liaison.kernel.envelope;

import static io.liaison.kernel.envelope.TestEnvelopes.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.envelope.CopyVerification.Payload;
import io.liaison.kernel.envelope.CopyVerification.Result;
import io.liaison.kernel.fields.LeafWalker;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.kernel.trust.TrustedKey;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.payload.IncidentReport;
import io.liaison.schemas.samples.SamplePayloads;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

/** One copy verifier for every reader of a copy, and the instant at which it judges each key. */
class CopyVerificationTest {
    private static final Instant ATTESTED = NOW;
    private static final Instant LONG_BEFORE = ATTESTED.minus(Duration.ofDays(400));
    private static final Instant LONG_AFTER = ATTESTED.plus(Duration.ofDays(400));
    private static final String WITHHELD = "involvedPersons[0].immigrationStatus";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TrustStore trust = new TrustStore();
    private final IncidentReport report = SamplePayloads.shotsFiredReport("I-11", NOW);
    private final GenericRecord redacted = LeafWalker.rewrite(report, leaf -> leaf.path().equals(WITHHELD) ? null : leaf.value());
    private final CopyVerification.PayloadDecoder decoder = wire -> new Payload.Decoded(redacted);

    private SigningIdentity key(String owner, KeyRole role, Instant notBefore, Instant notAfter) {
        AsymmetricCipherKeyPair pair = Ed25519.generate(RANDOM);
        String keyId = owner + "-" + UUID.randomUUID();
        trust.add(new TrustedKey(keyId, owner, role, (Ed25519PublicKeyParameters) pair.getPublic(), notBefore, notAfter));
        return new SigningIdentity(owner, keyId, (Ed25519PrivateKeyParameters) pair.getPrivate());
    }

    private SigningIdentity sender(Instant notBefore, Instant notAfter) {
        return key("cpd", KeyRole.AGENCY_SIGNING, notBefore, notAfter);
    }

    private SigningIdentity backbone() {
        return key("backbone", KeyRole.BACKBONE_ATTESTATION, LONG_BEFORE, LONG_AFTER);
    }

    private static Envelope copyFor(String recipient, SigningIdentity sender, SigningIdentity backbone) {
        Envelope original = new EnvelopeSigner(sender).sign(TestEnvelopes.unsigned(sender, SamplePayloads.shotsFiredReport("I-11", NOW)));
        return Attestations.attest(backbone, original, new byte[] {0, 0, 0, 0, 2, 7},
                new Attestations.Delivery(recipient, "violent-crime-investigation", "sha256:abc", List.of("r1"), Map.of(WITHHELD, "DROP")),
                ATTESTED);
    }

    private Result verify(Envelope copy) {
        return new CopyVerification(trust).verify(copy, "ice", decoder);
    }

    private static void assertRefused(Result result, RejectionReason reason, String detail) {
        assertThat(result).isInstanceOfSatisfying(Result.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(reason);
            assertThat(r.detail()).contains(detail);
        });
    }

    @Test
    void aCopyVerifiesWithWhatItProves() {
        Envelope copy = copyFor("ice", sender(LONG_BEFORE, LONG_AFTER), backbone());

        assertThat(verify(copy)).isInstanceOfSatisfying(Result.Verified.class, v -> {
            assertThat(v.payload()).isSameAs(redacted);
            assertThat(v.provenance()).isEqualTo(new Provenance("cpd", "IncidentReport", NOW, "violent-crime-investigation",
                    "sha256:abc", List.of("r1"), Map.of(WITHHELD, "DROP"), ATTESTED));
        });
    }

    @Test
    void aSenderKeyRevokedOrExpiredAfterTheAttestationStillVerifies() {
        SigningIdentity sender = sender(LONG_BEFORE, ATTESTED.plusSeconds(1));
        Envelope copy = copyFor("ice", sender, backbone());
        trust.revoke(sender.keyId(), ATTESTED.plusMillis(1), "key-compromise");

        // read long after both: the verdict depends on attestedAt, never on the reader's clock
        assertThat(verify(copy)).isInstanceOf(Result.Verified.class);
    }

    @Test
    void aSenderKeyRevokedAtOrBeforeTheAttestationIsRefused() {
        SigningIdentity atAttestation = sender(LONG_BEFORE, LONG_AFTER);
        Envelope copy = copyFor("ice", atAttestation, backbone());
        trust.revoke(atAttestation.keyId(), ATTESTED, "key-compromise");
        assertRefused(verify(copy), RejectionReason.KEY_REVOKED, "revoked at " + ATTESTED + " (key-compromise)");

        SigningIdentity before = sender(LONG_BEFORE, LONG_AFTER);
        Envelope earlier = copyFor("ice", before, backbone());
        trust.revoke(before.keyId(), ATTESTED.minus(Duration.ofDays(3)), "superseded");
        assertRefused(verify(earlier), RejectionReason.KEY_REVOKED, "superseded");
    }

    @Test
    void aSenderKeyNotYetValidOrAlreadyExpiredAtTheAttestationIsRefused() {
        Envelope early = copyFor("ice", sender(ATTESTED.plusSeconds(1), LONG_AFTER), backbone());
        assertRefused(verify(early), RejectionReason.CERTIFICATE_EXPIRED, "not at " + ATTESTED);

        Envelope late = copyFor("ice", sender(LONG_BEFORE, ATTESTED.minusSeconds(1)), backbone());
        assertRefused(verify(late), RejectionReason.CERTIFICATE_EXPIRED, "not at " + ATTESTED);
    }

    @Test
    void theBackboneKeyIsJudgedAtTheSameInstant() {
        SigningIdentity sender = sender(LONG_BEFORE, LONG_AFTER);
        SigningIdentity revokedLater = backbone();
        Envelope copy = copyFor("ice", sender, revokedLater);
        trust.revoke(revokedLater.keyId(), ATTESTED.plusMillis(1), "superseded");
        assertThat(verify(copy)).isInstanceOf(Result.Verified.class);

        SigningIdentity revokedBefore = backbone();
        Envelope forged = copyFor("ice", sender, revokedBefore);
        trust.revoke(revokedBefore.keyId(), ATTESTED.minusSeconds(60), "key-compromise");
        assertRefused(verify(forged), RejectionReason.ATTESTATION_INVALID, "not a backbone key valid at " + ATTESTED);
    }

    @Test
    void aCopyAttestedToAnotherRecipientIsRefused() {
        Envelope copy = copyFor("fbi", sender(LONG_BEFORE, LONG_AFTER), backbone());

        assertRefused(verify(copy), RejectionReason.ATTESTATION_INVALID, "copy is not attested to ice but to fbi");
    }

    @Test
    void aCopyWithoutAttestationIsRefused() {
        Envelope copy = copyFor("ice", sender(LONG_BEFORE, LONG_AFTER), backbone());
        copy.setAttestation(null);

        assertRefused(verify(copy), RejectionReason.ATTESTATION_INVALID, "copy is not attested to ice");
    }

    @Test
    void aPayloadTheDecoderCannotReadIsMalformed() {
        Envelope copy = copyFor("ice", sender(LONG_BEFORE, LONG_AFTER), backbone());

        Result result = new CopyVerification(trust).verify(copy, "ice", wire -> new Payload.Undecodable("unknown schema id 2"));
        assertRefused(result, RejectionReason.MALFORMED_PAYLOAD, "unknown schema id 2");
    }

    @Test
    void aFieldChangedWithoutAttestationIsACommitmentMismatch() {
        Envelope copy = copyFor("ice", sender(LONG_BEFORE, LONG_AFTER), backbone());
        GenericRecord tampered = LeafWalker.rewrite(redacted, leaf -> leaf.path().equals("involvedPersons[0].name") ? "Someone Else" : leaf.value());

        Result result = new CopyVerification(trust).verify(copy, "ice", wire -> new Payload.Decoded(tampered));
        assertRefused(result, RejectionReason.COMMITMENT_MISMATCH, "involvedPersons[0].name");
    }

    @Test
    void verifyingSignaturesAloneJudgesRecipientAndKeysTheSameWay() {
        SigningIdentity sender = sender(LONG_BEFORE, LONG_AFTER);
        Envelope copy = copyFor("ice", sender, backbone());
        CopyVerification verification = new CopyVerification(trust);

        assertThat(verification.verifySignatures(copy, "ice")).isEqualTo(Verdict.ACCEPTED);
        assertThat(verification.verifySignatures(copy, "fbi")).isInstanceOfSatisfying(Verdict.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectionReason.ATTESTATION_INVALID));
        trust.revoke(sender.keyId(), ATTESTED, "key-compromise");
        assertThat(verification.verifySignatures(copy, "ice")).isInstanceOfSatisfying(Verdict.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectionReason.KEY_REVOKED));
    }

    @Test
    void aRefusingDecoderTurnsOnlyTheNamedFailuresIntoAMalformedPayload() {
        CopyVerification.PayloadDecoder decoder = CopyVerification.PayloadDecoder.refusing(wire -> {
            if (wire.length == 0) {
                throw new IllegalArgumentException("no bytes");
            }
            throw new IllegalStateException("registry unreachable");
        }, IllegalArgumentException.class);

        assertThat(decoder.decode(new byte[0])).isEqualTo(new Payload.Undecodable("no bytes"));
        assertThatThrownBy(() -> decoder.decode(new byte[1])).hasMessage("registry unreachable");
        assertThat(CopyVerification.PayloadDecoder.refusing(wire -> redacted).decode(new byte[0])).isEqualTo(new Payload.Decoded(redacted));
    }
}
