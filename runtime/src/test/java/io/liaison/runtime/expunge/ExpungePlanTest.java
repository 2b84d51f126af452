package io.liaison.runtime.expunge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.seal.DecryptionKey;
import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.seal.Seal;
import io.liaison.kernel.seal.SealContext;
import io.liaison.kernel.seal.SessionSealer;
import io.liaison.runtime.expunge.ExpungePlan.Candidate;
import io.liaison.runtime.expunge.ExpungePlan.Decision;
import io.liaison.runtime.expunge.ExpungePlan.IngressOriginal;
import io.liaison.runtime.expunge.ExpungePlan.Key;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

class ExpungePlanTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void everySealedCopyOfTheSendersMessageHasItsKeyDestroyedAndOnlyThose() {
        Candidate iceCopy = copy("inbox.ice", "msg-1", "cpd", "ice", 3);
        Candidate guardCopy = copy("inbox.guard", "msg-1", "cpd", "guard", 0);
        Candidate quarantined = copy("quarantine", "msg-1", "cpd", "quarantine-officer", 7);
        Candidate sameIdOtherSender = copy("inbox.ice", "msg-1", "guard", "ice", 4);
        Candidate unsealed = new Candidate("inbox.ice", 0, 5, "plain".getBytes(StandardCharsets.UTF_8));

        Decision decision = ExpungePlan.decide(
                "cpd",
                "msg-1",
                List.of(delivered("cpd", "msg-1", "ice", 11), delivered("guard", "msg-1", "ice", 12)),
                List.of(iceCopy, guardCopy, quarantined, sameIdOtherSender, unsealed));

        assertThat(decision).isInstanceOfSatisfying(Decision.Destroy.class, destroy -> {
            assertThat(destroy.keys())
                    .extracting(Key::keyTopic, Key::copyTopic, Key::copyOffset)
                    .containsExactly(
                            tuple("keys.ice", "inbox.ice", 3L),
                            tuple("keys.guard", "inbox.guard", 0L),
                            tuple("quarantine.keys", "quarantine", 7L));
            assertThat(destroy.keys()).allSatisfy(k -> assertThat(k.keyRef()).startsWith("msg-1/"));
            assertThat(destroy.ingress()).containsExactly(new IngressOriginal("ingress.cpd", 0, 11));
            assertThat(destroy.messageType()).isEqualTo("IncidentReport");
        });
    }

    @Test
    void aMessageAlreadyExpungedIsNotExpungedTwice() {
        AuditRecord earlier = ExpungePlan.record("cpd", "msg-1", "IncidentReport", "ORDER-1", "test", NOW);

        Decision decision = ExpungePlan.decide(
                "cpd",
                "msg-1",
                List.of(delivered("cpd", "msg-1", "ice", 11), earlier),
                List.of(copy("inbox.ice", "msg-1", "cpd", "ice", 3)));

        assertThat(decision).isEqualTo(new Decision.AlreadyExpunged(earlier));
    }

    @Test
    void aMessageNeitherLoggedNorStoredIsUnknown() {
        Decision decision = ExpungePlan.decide(
                "cpd",
                "msg-2",
                List.of(delivered("cpd", "msg-1", "ice", 11), delivered("guard", "msg-2", "ice", 12)),
                List.of(copy("inbox.ice", "msg-2", "guard", "ice", 3)));

        assertThat(decision)
                .isEqualTo(new Decision.Unknown(
                        "no message msg-2 from cpd in the audit log, on an inbox or in the quarantine"));
    }

    @Test
    void theExpungedRecordNamesTheOrderAndReleasesNothing() {
        AuditRecord r = ExpungePlan.record("cpd", "msg-1", "IncidentReport", "Cook County 2026-CV-0042", "test", NOW);

        assertThat(r.getDecision()).isEqualTo(AuditDecision.EXPUNGED);
        assertThat(r.getReasonCode()).isEqualTo("Cook County 2026-CV-0042");
        assertThat(r.getSender()).isEqualTo("cpd");
        assertThat(r.getMessageId()).isEqualTo("msg-1");
        assertThat(r.getRecipient()).isNull();
        assertThat(r.getPurpose()).isNull();
        assertThat(r.getDeliveredDigest()).isNull();
        assertThat(r.getMethod()).isEqualTo(Expunger.METHOD);
    }

    @Test
    void anOrderReferenceIsShortPrintableText() {
        assertThat(ExpungePlan.requireOrderRef("2026-CV-0042 (Cook County)")).isEqualTo("2026-CV-0042 (Cook County)");
        for (String bad : List.of("", " leading space", "line\nbreak", "<script>", "x".repeat(129))) {
            assertThatThrownBy(() -> ExpungePlan.requireOrderRef(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("an order reference is 1 to 128");
        }
    }

    private static AuditRecord delivered(String sender, String messageId, String recipient, long sourceOffset) {
        return AuditRecord.newBuilder()
                .setRecordId(messageId + "-" + sender + "-" + recipient)
                .setEventTime(NOW)
                .setDecision(AuditDecision.DELIVERED)
                .setMessageId(messageId)
                .setMessageType("IncidentReport")
                .setSender(sender)
                .setRecipient(recipient)
                .setSourceTopic("ingress." + sender)
                .setSourcePartition(0)
                .setSourceOffset(sourceOffset)
                .setRuleIds(List.of())
                .setFieldActions(List.of())
                .setReleasingComponent("liaison-streams@test")
                .build();
    }

    /** A copy sealed as the backbone seals it, its data key referenced under {@code <messageId>/<hex>}. */
    private static Candidate copy(String topic, String messageId, String sender, String owner, long offset) {
        AsymmetricCipherKeyPair pair = DecryptionKey.generate(RANDOM);
        String keyId = Digests.hex(Digests.sha256(owner.getBytes(StandardCharsets.UTF_8)));
        EncryptionKey to = new EncryptionKey(
                keyId,
                owner,
                EncryptionRole.AGENCY,
                (X25519PublicKeyParameters) pair.getPublic(),
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(365)));
        SealContext context = new SealContext(topic, messageId, sender, "IncidentReport", owner, keyId);
        Seal.Sealed sealed = new SessionSealer(Clock.systemUTC(), RANDOM)
                .sealReferenced(
                        context, Seal.newKeyRef(messageId, RANDOM), "copy".getBytes(StandardCharsets.UTF_8), to);
        return new Candidate(topic, 0, offset, sealed.record().encode());
    }
}
