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
import io.liaison.kernel.trust.RecordTime;
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

/** One copy verifier for every reader of a copy, and the instant at which it judges each key: the broker's append time. */
class CopyVerificationTest {
    private static final Instant ATTESTED = NOW;
    /** A copy reaches the log moments after the backbone attests it. */
    private static final Instant APPENDED = ATTESTED.plusMillis(40);

    private static final Duration LAG = CopyVerification.DEFAULT_MAX_APPEND_LAG;
    private static final Instant LONG_BEFORE = ATTESTED.minus(Duration.ofDays(400));
    private static final Instant LONG_AFTER = ATTESTED.plus(Duration.ofDays(400));
    private static final String WITHHELD = "involvedPersons[0].immigrationStatus";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TrustStore trust = new TrustStore();
    private final IncidentReport report = SamplePayloads.shotsFiredReport("I-11", NOW);
    private final GenericRecord redacted =
            LeafWalker.rewrite(report, leaf -> leaf.path().equals(WITHHELD) ? null : leaf.value());
    private final CopyVerification.PayloadDecoder decoder = wire -> new Payload.Decoded(redacted);

    private SigningIdentity key(String owner, KeyRole role, Instant notBefore, Instant notAfter) {
        AsymmetricCipherKeyPair pair = Ed25519.generate(RANDOM);
        String keyId = owner + "-" + UUID.randomUUID();
        trust.add(
                new TrustedKey(keyId, owner, role, (Ed25519PublicKeyParameters) pair.getPublic(), notBefore, notAfter));
        return new SigningIdentity(owner, keyId, (Ed25519PrivateKeyParameters) pair.getPrivate());
    }

    private SigningIdentity sender(Instant notBefore, Instant notAfter) {
        return key("cpd", KeyRole.AGENCY_SIGNING, notBefore, notAfter);
    }

    private SigningIdentity backbone() {
        return key("backbone", KeyRole.BACKBONE_ATTESTATION, LONG_BEFORE, LONG_AFTER);
    }

    private static Envelope copyFor(String recipient, SigningIdentity sender, SigningIdentity backbone) {
        Envelope original = new EnvelopeSigner(sender)
                .sign(TestEnvelopes.unsigned(sender, SamplePayloads.shotsFiredReport("I-11", NOW)));
        return Attestations.attest(
                backbone,
                original,
                new byte[] {0, 0, 0, 0, 2, 7},
                new Attestations.Delivery(
                        recipient,
                        "violent-crime-investigation",
                        "sha256:abc",
                        List.of("r1"),
                        Map.of(WITHHELD, "DROP")),
                ATTESTED);
    }

    private Result verify(Envelope copy) {
        return verify(copy, new RecordTime.LogAppend(APPENDED));
    }

    private Result verify(Envelope copy, RecordTime appended) {
        return new CopyVerification(trust, LAG).verify(copy, "ice", appended, decoder);
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
            assertThat(v.provenance())
                    .isEqualTo(new Provenance(
                            "cpd",
                            "IncidentReport",
                            NOW,
                            "violent-crime-investigation",
                            "sha256:abc",
                            List.of("r1"),
                            Map.of(WITHHELD, "DROP"),
                            ATTESTED,
                            APPENDED));
        });
    }

    @Test
    void aSenderKeyRevokedOrExpiredAfterTheAppendStillVerifies() {
        SigningIdentity sender = sender(LONG_BEFORE, APPENDED.plusSeconds(1));
        Envelope copy = copyFor("ice", sender, backbone());
        trust.revoke(sender.keyId(), APPENDED.plusMillis(1), "key-compromise");

        // read long after both: the verdict depends on the append time, never on the reader's clock
        assertThat(verify(copy)).isInstanceOf(Result.Verified.class);
    }

    @Test
    void aSenderKeyRevokedAtOrBeforeTheAppendIsRefusedEvenIfAfterTheAttestation() {
        SigningIdentity atAppend = sender(LONG_BEFORE, LONG_AFTER);
        Envelope copy = copyFor("ice", atAppend, backbone());
        trust.revoke(atAppend.keyId(), APPENDED, "key-compromise");
        assertRefused(verify(copy), RejectionReason.KEY_REVOKED, "revoked at " + APPENDED + " (key-compromise)");

        SigningIdentity betweenAttestationAndAppend = sender(LONG_BEFORE, LONG_AFTER);
        Envelope later = copyFor("ice", betweenAttestationAndAppend, backbone());
        trust.revoke(betweenAttestationAndAppend.keyId(), ATTESTED.plusMillis(1), "superseded");
        assertRefused(verify(later), RejectionReason.KEY_REVOKED, "superseded");
    }

    @Test
    void aSenderKeyNotYetValidOrAlreadyExpiredAtTheAppendIsRefused() {
        Envelope early = copyFor("ice", sender(APPENDED.plusSeconds(1), LONG_AFTER), backbone());
        assertRefused(verify(early), RejectionReason.CERTIFICATE_EXPIRED, "not at " + APPENDED);

        Envelope late = copyFor("ice", sender(LONG_BEFORE, APPENDED.minusMillis(1)), backbone());
        assertRefused(verify(late), RejectionReason.CERTIFICATE_EXPIRED, "not at " + APPENDED);
    }

    @Test
    void theBackboneKeyIsJudgedAtTheAppendNotAtTheAttestedAtItSigned() {
        SigningIdentity sender = sender(LONG_BEFORE, LONG_AFTER);
        SigningIdentity revokedLater = backbone();
        Envelope copy = copyFor("ice", sender, revokedLater);
        trust.revoke(revokedLater.keyId(), APPENDED.plusMillis(1), "superseded");
        assertThat(verify(copy)).isInstanceOf(Result.Verified.class);

        // a thief backdates attestedAt to before the revocation, within the lag: the append time still judges the key
        SigningIdentity stolen = backbone();
        Envelope forged = copyFor("ice", sender, stolen);
        trust.revoke(stolen.keyId(), ATTESTED.plusMillis(1), "key-compromise");
        assertRefused(
                verify(forged),
                RejectionReason.KEY_REVOKED,
                "backbone key " + stolen.keyId() + " was revoked at " + ATTESTED.plusMillis(1)
                        + " (key-compromise), at or before " + APPENDED);
    }

    @Test
    void aCopyAttestedLongerBeforeItsAppendThanTheLagIsBackdated() {
        Envelope copy = copyFor("ice", sender(LONG_BEFORE, LONG_AFTER), backbone());

        assertThat(verify(copy, new RecordTime.LogAppend(ATTESTED.plus(LAG)))).isInstanceOf(Result.Verified.class);
        Instant appended = ATTESTED.plus(LAG).plusMillis(1);
        assertRefused(
                verify(copy, new RecordTime.LogAppend(appended)),
                RejectionReason.ATTESTATION_BACKDATED,
                "attested at " + ATTESTED + " but appended at " + appended + ", " + LAG.plusMillis(1)
                        + " later; the bound is " + LAG);
    }

    @Test
    void aCopyAttestedAfterItsAppendIsJudgedAtTheAppend() {
        // the backbone's clock ahead of the broker's: the signer gains nothing, keys are still judged at the append
        SigningIdentity sender = sender(LONG_BEFORE, LONG_AFTER);
        Envelope copy = copyFor("ice", sender, backbone());
        Instant appended = ATTESTED.minusSeconds(2);

        assertThat(verify(copy, new RecordTime.LogAppend(appended)))
                .isInstanceOfSatisfying(
                        Result.Verified.class,
                        v -> assertThat(v.provenance().appendedAt()).isEqualTo(appended));
        trust.revoke(sender.keyId(), appended, "key-compromise");
        assertRefused(
                verify(copy, new RecordTime.LogAppend(appended)),
                RejectionReason.KEY_REVOKED,
                "revoked at " + appended);
    }

    @Test
    void aRecordWhoseProducerChoseItsTimestampIsRefused() {
        Envelope copy = copyFor("ice", sender(LONG_BEFORE, LONG_AFTER), backbone());

        assertRefused(
                verify(copy, new RecordTime.ProducerChosen("CreateTime", APPENDED)),
                RejectionReason.NOT_LOG_APPEND_TIME,
                "the inbox record's timestamp " + APPENDED
                        + " is CreateTime; its topic must set message.timestamp.type=LogAppendTime");
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

        Result result = new CopyVerification(trust, LAG)
                .verify(
                        copy,
                        "ice",
                        new RecordTime.LogAppend(APPENDED),
                        wire -> new Payload.Undecodable("unknown schema id 2"));
        assertRefused(result, RejectionReason.MALFORMED_PAYLOAD, "unknown schema id 2");
    }

    @Test
    void aFieldChangedWithoutAttestationIsACommitmentMismatch() {
        Envelope copy = copyFor("ice", sender(LONG_BEFORE, LONG_AFTER), backbone());
        GenericRecord tampered = LeafWalker.rewrite(
                redacted, leaf -> leaf.path().equals("involvedPersons[0].name") ? "Someone Else" : leaf.value());

        Result result = new CopyVerification(trust, LAG)
                .verify(copy, "ice", new RecordTime.LogAppend(APPENDED), wire -> new Payload.Decoded(tampered));
        assertRefused(result, RejectionReason.COMMITMENT_MISMATCH, "involvedPersons[0].name");
    }

    @Test
    void verifyingSignaturesAloneJudgesRecipientAndKeysTheSameWay() {
        SigningIdentity sender = sender(LONG_BEFORE, LONG_AFTER);
        Envelope copy = copyFor("ice", sender, backbone());
        CopyVerification verification = new CopyVerification(trust, LAG);
        RecordTime appended = new RecordTime.LogAppend(APPENDED);

        assertThat(verification.verifySignatures(copy, "ice", appended)).isEqualTo(Verdict.ACCEPTED);
        assertThat(verification.verifySignatures(copy, "fbi", appended))
                .isInstanceOfSatisfying(
                        Verdict.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectionReason.ATTESTATION_INVALID));
        assertThat(verification.verifySignatures(copy, "ice", new RecordTime.ProducerChosen("CreateTime", APPENDED)))
                .isInstanceOfSatisfying(
                        Verdict.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectionReason.NOT_LOG_APPEND_TIME));
        trust.revoke(sender.keyId(), APPENDED, "key-compromise");
        assertThat(verification.verifySignatures(copy, "ice", appended))
                .isInstanceOfSatisfying(
                        Verdict.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectionReason.KEY_REVOKED));
    }

    @Test
    void aRefusingDecoderTurnsOnlyTheNamedFailuresIntoAMalformedPayload() {
        CopyVerification.PayloadDecoder decoder = CopyVerification.PayloadDecoder.refusing(
                wire -> {
                    if (wire.length == 0) {
                        throw new IllegalArgumentException("no bytes");
                    }
                    throw new IllegalStateException("registry unreachable");
                },
                IllegalArgumentException.class);

        assertThat(decoder.decode(new byte[0])).isEqualTo(new Payload.Undecodable("no bytes"));
        assertThatThrownBy(() -> decoder.decode(new byte[1])).hasMessage("registry unreachable");
        assertThat(CopyVerification.PayloadDecoder.refusing(wire -> redacted).decode(new byte[0]))
                .isEqualTo(new Payload.Decoded(redacted));
    }
}
