package io.liaison.audit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.AuditFixtures;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.envelope.Attestations;
import io.liaison.kernel.envelope.EnvelopeSigner;
import io.liaison.kernel.envelope.Verdict;
import io.liaison.kernel.trust.KeyRole;
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
                inbox.add(new InboxCopy(0, inbox.size(), r.getEventTime(), AuditFixtures.inboxValue(i)));
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
        assertThat(result.deliveries().get(0).withheld()).extracting(a -> a.getPath() + ":" + a.getAction())
                .containsExactly("involvedPersons[0].name:DROP", "location.address:GENERALIZE");
    }

    @Test
    void aMissingOrAlteredCopyAndAnUnloggedCopyAreReported() {
        List<InboxCopy> inbox = new ArrayList<>(emsInbox());
        InboxCopy altered = inbox.get(1);
        inbox.set(1, new InboxCopy(0, altered.offset(), altered.timestamp(), "tampered".getBytes()));

        Replay.Result result = Replay.replay("ems", null, null, LOG, Map.of(), inbox, Optional.empty());

        assertThat(result.ok()).isFalse();
        assertThat(result.deliveries().get(1).status()).isEqualTo(Replay.Status.NOT_IN_INBOX);
        assertThat(result.unaccounted()).singleElement().satisfies(c -> assertThat(c.offset()).isEqualTo(1));
    }

    @Test
    void theWindowSelectsByEventTime() {
        Instant from = AuditFixtures.T0.plus(Duration.ofMinutes(37L * 10));
        Instant to = AuditFixtures.T0.plus(Duration.ofMinutes(37L * 20));

        Replay.Result result = Replay.replay("ems", from, to, LOG, Map.of(), emsInbox(), Optional.empty());

        assertThat(result.ok()).isTrue();
        assertThat(result.deliveries()).extracting(d -> d.record().getRecordId()).containsExactly("rec-10", "rec-12", "rec-16", "rec-18");
    }

    @Test
    void aDeliveredEnvelopeIsReVerifiedAgainstTheSenderAndBackboneKeys() {
        SigningIdentity police = AuditFixtures.identity("police", 3);
        TrustStore trust = AuditFixtures.trust().add(AuditFixtures.trusted(police, KeyRole.AGENCY_SIGNING));
        Instant now = AuditFixtures.T0;
        Envelope unsigned = Envelope.newBuilder()
                .setMessageId("msg-1").setSenderAgency("police").setKeyId(police.keyId()).setCreatedAt(now)
                .setMessageType("IncidentReport").setClassification(Classification.CUI)
                .setPayload(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1, 2}))
                .setSignature(new SenderSignature("Ed25519", ByteBuffer.allocate(0), null))
                .build();
        Envelope signed = new EnvelopeSigner(police).sign(unsigned);
        Envelope copy = Attestations.attest(AuditFixtures.BACKBONE, signed, new byte[] {0, 0, 0, 0, 1, 2},
                new Attestations.Delivery("ems", "investigation", "v3", List.of("R1"), Map.of()), now);
        byte[] inboxValue = WireFormat.encode(copy, 11);
        AuditRecord record = AuditRecord.newBuilder(AuditFixtures.record(2))
                .setSender("police").setRecipient("ems").setPurpose("investigation").setPolicyVersion("v3")
                .setDeliveredDigest(ByteBuffer.wrap(Digests.sha256(inboxValue))).build();
        AuditRecord mislabelled = AuditRecord.newBuilder(record).setPurpose("curiosity").build();
        EnvelopeCopyCheck check = new EnvelopeCopyCheck(trust, Optional.empty());

        assertThat(check.check(inboxValue, record)).isEqualTo(Verdict.ACCEPTED);
        assertThat(check.check(inboxValue, mislabelled)).isInstanceOfSatisfying(Verdict.Rejected.class,
                r -> assertThat(r.detail()).contains("disagrees with the audit record"));
        byte[] forged = inboxValue.clone();
        forged[forged.length - 1] ^= 1;
        assertThat(check.check(forged, record).accepted()).isFalse();
    }
}
