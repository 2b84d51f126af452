package io.liaison.audit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.AuditFixtures;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.envelope.Attestations;
import io.liaison.kernel.envelope.EnvelopeSigner;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.envelope.Verdict;
import io.liaison.kernel.seal.SealContext;
import io.liaison.kernel.seal.SealedRecord;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.RecordTime;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.registry.WireFormat;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.SenderSignature;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayTest {
    private static final List<AuditEntry> LOG = AuditFixtures.entries(40);

    /** What inbox.ems holds when every delivery to ems was written: the even records that were not denied or quarantined. */
    private static List<InboxCopy> emsInbox() {
        List<InboxCopy> inbox = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            AuditRecord r = AuditFixtures.record(i);
            if (r.getDecision() == AuditDecision.DELIVERED && r.getRecipient().equals("ems")) {
                inbox.add(new InboxCopy(
                        0, inbox.size(), new RecordTime.LogAppend(r.getEventTime()), AuditFixtures.inboxValue(i)));
            }
        }
        return inbox;
    }

    @Test
    void replayEqualsWhatTheInboxHolds() {
        Replay.Result result = Replay.replay("ems", null, null, LOG, Map.of(), emsInbox(), Optional.empty());

        assertThat(result.ok()).isTrue();
        assertThat(result.unaccounted()).isEmpty();
        assertThat(result.deliveries()).hasSize(emsInbox().size()).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(Replay.Status.CONFIRMED);
            assertThat(d.record().getRecipient()).isEqualTo("ems");
        });
        assertThat(result.deliveries().get(0).withheld())
                .extracting(a -> a.getPath() + ":" + a.getAction())
                .containsExactly("involvedPersons[0].name:DROP", "location.address:GENERALIZE");
    }

    @Test
    void aMissingOrAlteredCopyAndAnUnloggedCopyAreReported() {
        List<InboxCopy> inbox = new ArrayList<>(emsInbox());
        InboxCopy altered = inbox.get(1);
        inbox.set(1, new InboxCopy(0, altered.offset(), altered.appended(), "tampered".getBytes()));

        Replay.Result result = Replay.replay("ems", null, null, LOG, Map.of(), inbox, Optional.empty());

        assertThat(result.ok()).isFalse();
        assertThat(result.deliveries().get(1).status()).isEqualTo(Replay.Status.NOT_IN_INBOX);
        assertThat(result.unaccounted())
                .singleElement()
                .satisfies(c -> assertThat(c.offset()).isEqualTo(1));
    }

    @Test
    void aDeliveryOfAnExpungedMessageIsReportedExpungedAndItsUnopenableCopyIsNoFailure() {
        AuditRecord delivered = AuditFixtures.record(2); // a delivery to ems: msg-1 of record 2's sender
        AuditRecord expungement = AuditRecord.newBuilder(delivered)
                .setRecordId("expunged")
                .setDecision(AuditDecision.EXPUNGED)
                .setRecipient(null)
                .setReasonCode("ORDER-1")
                .setDeliveredDigest(null)
                .build();
        List<AuditEntry> log = new ArrayList<>(LOG);
        log.add(new AuditEntry(log.size(), log.size(), WireFormat.encode(expungement, AuditFixtures.SCHEMA_ID)));
        // the copy's data key is destroyed: the agency's reader cannot open it and reads it still sealed
        List<InboxCopy> inbox = new ArrayList<>(emsInbox());
        InboxCopy opened = inbox.get(1);
        byte[] sealed = sealedCopy(delivered.getSender(), delivered.getMessageId());
        inbox.set(1, new InboxCopy(0, opened.offset(), opened.appended(), sealed));

        Replay.Result result = Replay.replay("ems", null, null, log, Map.of(), inbox, Optional.empty());

        assertThat(result.ok()).isTrue();
        assertThat(result.unaccounted()).isEmpty();
        assertThat(result.deliveries())
                .filteredOn(d -> d.record().getRecordId().equals("rec-2"))
                .singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(Replay.Status.EXPUNGED));
        assertThat(result.deliveries())
                .filteredOn(d -> d.status() == Replay.Status.EXPUNGED)
                .hasSize(1);
    }

    @Test
    void oneExpungedDeliveryExcusesOneUnopenedCopyNotASecondOneClaimingTheSameMessage() {
        AuditRecord delivered = AuditFixtures.record(2);
        AuditRecord expungement = AuditRecord.newBuilder(delivered)
                .setRecordId("expunged")
                .setDecision(AuditDecision.EXPUNGED)
                .setRecipient(null)
                .setReasonCode("ORDER-1")
                .setDeliveredDigest(null)
                .build();
        List<AuditEntry> log = new ArrayList<>(LOG);
        log.add(new AuditEntry(log.size(), log.size(), WireFormat.encode(expungement, AuditFixtures.SCHEMA_ID)));
        List<InboxCopy> inbox = new ArrayList<>(emsInbox());
        InboxCopy opened = inbox.get(1);
        byte[] sealed = sealedCopy(delivered.getSender(), delivered.getMessageId());
        inbox.set(1, new InboxCopy(0, opened.offset(), opened.appended(), sealed));
        inbox.add(new InboxCopy(0, 99, opened.appended(), sealedCopy(delivered.getSender(), delivered.getMessageId())));

        Replay.Result result = Replay.replay("ems", null, null, log, Map.of(), inbox, Optional.empty());

        assertThat(result.ok()).isFalse();
        assertThat(result.unaccounted())
                .singleElement()
                .satisfies(c -> assertThat(c.offset()).isEqualTo(99));
    }

    /** A copy for ems as its reader reads it when its data key is gone: still sealed, its context in clear. */
    private static byte[] sealedCopy(String sender, String messageId) {
        SealContext context = new SealContext(
                "inbox.ems", messageId, sender, "IncidentReport", "ems", Digests.hex(Digests.sha256("ems".getBytes())));
        return new SealedRecord(
                        context,
                        new SealedRecord.KeyPlacement.Referenced(messageId + "/00"),
                        new byte[12],
                        new byte[32])
                .encode();
    }

    @Test
    void theWindowSelectsByEventTime() {
        Instant from = AuditFixtures.T0.plus(Duration.ofMinutes(37L * 10));
        Instant to = AuditFixtures.T0.plus(Duration.ofMinutes(37L * 20));

        Replay.Result result = Replay.replay("ems", from, to, LOG, Map.of(), emsInbox(), Optional.empty());

        assertThat(result.ok()).isTrue();
        assertThat(result.deliveries())
                .extracting(d -> d.record().getRecordId())
                .containsExactly("rec-10", "rec-12", "rec-16", "rec-18");
    }

    private static final SigningIdentity POLICE = AuditFixtures.identity("police", 3);

    private static TrustStore trustWithPolice() {
        return AuditFixtures.trust().add(AuditFixtures.trusted(POLICE, KeyRole.AGENCY_SIGNING));
    }

    /** A copy for ems attested at {@code attestedAt}, in wire format. */
    private static byte[] inboxCopy(Instant attestedAt) {
        Envelope unsigned = Envelope.newBuilder()
                .setMessageId("msg-1")
                .setSenderAgency("police")
                .setKeyId(POLICE.keyId())
                .setCreatedAt(attestedAt)
                .setMessageType("IncidentReport")
                .setClassification(Classification.CUI)
                .setPayload(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1, 2}))
                .setSignature(new SenderSignature("Ed25519", ByteBuffer.allocate(0), null))
                .build();
        Envelope signed = new EnvelopeSigner(POLICE).sign(unsigned);
        Envelope copy = Attestations.attest(
                AuditFixtures.BACKBONE,
                signed,
                new byte[] {0, 0, 0, 0, 1, 2},
                new Attestations.Delivery("ems", "investigation", "v3", List.of("R1"), Map.of()),
                attestedAt);
        return WireFormat.encode(copy, 11);
    }

    private static AuditRecord deliveryOf(byte[] inboxValue) {
        return AuditRecord.newBuilder(AuditFixtures.record(2))
                .setSender("police")
                .setRecipient("ems")
                .setPurpose("investigation")
                .setPolicyVersion("v3")
                .setDeliveredDigest(ByteBuffer.wrap(Digests.sha256(inboxValue)))
                .build();
    }

    /** The inbox record of {@code value}, as the broker stamped it on append. */
    private static InboxCopy appended(byte[] value, Instant at) {
        return new InboxCopy(0, 0, new RecordTime.LogAppend(at), value);
    }

    private static final Instant APPENDED = AuditFixtures.T0.plusMillis(30);

    @Test
    void aDeliveredEnvelopeIsReVerifiedAgainstTheSenderAndBackboneKeys() {
        byte[] inboxValue = inboxCopy(AuditFixtures.T0);
        AuditRecord record = deliveryOf(inboxValue);
        AuditRecord mislabelled =
                AuditRecord.newBuilder(record).setPurpose("curiosity").build();
        EnvelopeCopyCheck check = new EnvelopeCopyCheck(trustWithPolice(), Optional.empty());

        assertThat(check.check(appended(inboxValue, APPENDED), record)).isEqualTo(Verdict.ACCEPTED);
        assertThat(check.check(appended(inboxValue, APPENDED), mislabelled))
                .isInstanceOfSatisfying(
                        Verdict.Rejected.class,
                        r -> assertThat(r.detail()).contains("disagrees with the audit record"));
        byte[] forged = inboxValue.clone();
        forged[forged.length - 1] ^= 1;
        assertThat(check.check(appended(forged, APPENDED), record).accepted()).isFalse();
    }

    @Test
    void theKeysAreJudgedWhenTheBrokerAppendedTheCopyAsTheRecipientJudgesThem() {
        byte[] inboxValue = inboxCopy(AuditFixtures.T0);
        AuditRecord record = deliveryOf(inboxValue);
        assertThat(record.getEventTime()).isAfter(AuditFixtures.T0.plus(Duration.ofMinutes(1)));

        // revoked between the append and the audit record's time: the copy reached the inbox while the key was good
        TrustStore revokedLater = trustWithPolice().revoke(POLICE.keyId(), APPENDED.plusMillis(1), "key-compromise");
        assertThat(new EnvelopeCopyCheck(revokedLater, Optional.empty()).check(appended(inboxValue, APPENDED), record))
                .isEqualTo(Verdict.ACCEPTED);

        // revoked after the attestedAt the backbone wrote, but before the append: refused
        TrustStore revokedBefore =
                trustWithPolice().revoke(POLICE.keyId(), AuditFixtures.T0.plusMillis(1), "key-compromise");
        assertThat(new EnvelopeCopyCheck(revokedBefore, Optional.empty()).check(appended(inboxValue, APPENDED), record))
                .isInstanceOfSatisfying(
                        Verdict.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectionReason.KEY_REVOKED));
    }

    @Test
    void aCopyWhoseTimeIsNotTheBrokersOrThatWasAttestedLongBeforeItsAppendIsRefused() {
        byte[] inboxValue = inboxCopy(AuditFixtures.T0);
        AuditRecord record = deliveryOf(inboxValue);
        EnvelopeCopyCheck check = new EnvelopeCopyCheck(trustWithPolice(), Optional.empty());

        assertThat(check.check(
                        new InboxCopy(0, 0, new RecordTime.ProducerChosen("CreateTime", APPENDED), inboxValue), record))
                .isInstanceOfSatisfying(
                        Verdict.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectionReason.NOT_LOG_APPEND_TIME));
        assertThat(check.check(appended(inboxValue, AuditFixtures.T0.plus(Duration.ofHours(1))), record))
                .isInstanceOfSatisfying(
                        Verdict.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectionReason.ATTESTATION_BACKDATED));
    }

    @Test
    void aCopyThatIsNotAnEnvelopeIsMalformed() {
        byte[] notACopy = WireFormat.frame(11, new byte[] {1, 2, 3});

        assertThat(new EnvelopeCopyCheck(trustWithPolice(), Optional.empty())
                        .check(appended(notACopy, APPENDED), deliveryOf(notACopy)))
                .isInstanceOfSatisfying(
                        Verdict.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectionReason.MALFORMED_ENVELOPE));
    }
}
