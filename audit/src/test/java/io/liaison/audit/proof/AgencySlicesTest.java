package io.liaison.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.AuditFixtures;
import io.liaison.audit.AuditRecords;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.export.AuditExport;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.audit.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgencySlicesTest {
    /** Senders alternate police/fire, recipients ems/dhs: police and ems share the even records. */
    private static final AuditExport LOG = AuditFixtures.signedLog(23, 5);

    private static final Checkpoint LATEST = AuditFixtures.verify(LOG).latest().orElseThrow();
    private static final PublishedCheckpoint PUBLISHED =
            LOG.checkpoints().get(LOG.checkpoints().size() - 1);

    private static AgencySlice sliceOf(String agency) {
        return AgencySlices.build(agency, LOG.records(), LOG.writerSchemas(), LATEST, PUBLISHED);
    }

    /** Only the backbone's public key: what verify --slice has. */
    private static CheckpointVerifier backboneOnly() {
        return new CheckpointVerifier(
                new TrustStore().add(AuditFixtures.trusted(AuditFixtures.BACKBONE, KeyRole.BACKBONE_ATTESTATION)));
    }

    private static AgencySlice withEntries(AgencySlice slice, List<MessageProof.ProvenEntry> entries) {
        return new AgencySlice(slice.agency(), slice.checkpoint(), entries);
    }

    private static String reason(AgencySlice slice) {
        MessageProofs.Check check = AgencySlices.check(slice, backboneOnly());
        assertThat(check).isInstanceOf(MessageProofs.Check.Invalid.class);
        return ((MessageProofs.Check.Invalid) check).reason();
    }

    @Test
    void aSliceSurvivesItsFileAndVerifiesWithOnlyTheBackboneKey() {
        AgencySlice slice = AgencySlices.parse(AgencySlices.toJson(sliceOf("police")));

        MessageProofs.Check check = AgencySlices.check(slice, backboneOnly());

        assertThat(slice.agency()).isEqualTo("police");
        assertThat(check).isInstanceOfSatisfying(MessageProofs.Check.Valid.class, v -> {
            assertThat(v.checkpoint().size()).isEqualTo(23);
            assertThat(v.records())
                    .hasSize(12)
                    .allSatisfy(r -> assertThat(r.getSender()).isEqualTo("police"));
        });
    }

    @Test
    void recordsOfOtherAgenciesAreAbsent() {
        AgencySlice slice = sliceOf("ems");

        assertThat(slice.entries())
                .extracting(p -> p.entry().index())
                .containsExactly(0L, 2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L);
        assertThat(slice.entries())
                .extracting(p -> AuditRecords.decode(p.entry().value(), Map.of()))
                .allSatisfy(r -> assertThat(r.getRecipient()).isEqualTo("ems"))
                .noneSatisfy(r -> assertThat(r.getSender()).isEqualTo("fire"));
        assertThat(sliceOf("coast-guard").entries()).isEmpty();
    }

    @Test
    void aRecordNamingNeitherSenderNorRecipientAsTheAgencyDoesNotConcernIt() {
        AuditRecord fireQuarantine = AuditFixtures.record(13); // fire -> dhs, QUARANTINED

        assertThat(fireQuarantine.getDecision().name()).isEqualTo("QUARANTINED");
        assertThat(AgencySlices.concerns(fireQuarantine, "fire")).isTrue();
        assertThat(AgencySlices.concerns(fireQuarantine, "dhs")).isTrue();
        assertThat(AgencySlices.concerns(fireQuarantine, "police")).isFalse();
        assertThat(AgencySlices.concerns(fireQuarantine, "ems")).isFalse();
    }

    @Test
    void aTamperedRecordFails() {
        AgencySlice slice = sliceOf("police");
        List<MessageProof.ProvenEntry> entries = new ArrayList<>(slice.entries());
        MessageProof.ProvenEntry third = entries.get(2);
        byte[] value = third.entry().value();
        value[value.length - 3] ^= 1;
        entries.set(
                2, new MessageProof.ProvenEntry(new AuditEntry(4, third.entry().offset(), value), third.path()));

        assertThat(reason(withEntries(slice, entries)))
                .isEqualTo("record 4 is not included in the checkpoint of size 23 (root " + LATEST.rootHex() + ")");
    }

    @Test
    void aTamperedProofFails() {
        AgencySlice slice = sliceOf("police");
        List<MessageProof.ProvenEntry> entries = new ArrayList<>(slice.entries());
        MessageProof.ProvenEntry second = entries.get(1);
        List<byte[]> path = new ArrayList<>(second.path());
        byte[] node = path.get(0).clone();
        node[0] ^= 1;
        path.set(0, node);
        entries.set(1, new MessageProof.ProvenEntry(second.entry(), path));

        assertThat(reason(withEntries(slice, entries)))
                .isEqualTo("record 2 is not included in the checkpoint of size 23 (root " + LATEST.rootHex() + ")");
    }

    @Test
    void aRecordOfAnotherAgencyFailsEvenWithAValidProof() {
        List<MessageProof.ProvenEntry> entries =
                new ArrayList<>(sliceOf("police").entries());
        entries.add(sliceOf("fire").entries().get(0)); // record 1: fire -> dhs, truly in the log

        assertThat(reason(withEntries(sliceOf("police"), entries)))
                .isEqualTo("record 1 repeats or comes before record 22");
        entries.remove(entries.size() - 1);
        entries.add(1, sliceOf("fire").entries().get(0));
        assertThat(reason(withEntries(sliceOf("police"), entries)))
                .isEqualTo("record 1 does not concern agency police (sender fire, recipient dhs)");
    }

    @Test
    void aSliceRenamedToAnotherAgencyOrUnderAnUntrustedCheckpointFails() {
        AgencySlice slice = sliceOf("police");

        assertThat(reason(new AgencySlice("dhs", slice.checkpoint(), slice.entries())))
                .isEqualTo("record 0 does not concern agency dhs (sender police, recipient ems)");
        assertThat(AgencySlices.check(slice, new CheckpointVerifier(new TrustStore())))
                .isInstanceOfSatisfying(
                        MessageProofs.Check.Invalid.class,
                        i -> assertThat(i.reason()).startsWith("checkpoint rejected"));
    }

    @Test
    void aLogThatDoesNotMatchTheCheckpointCannotBeSliced() {
        List<AuditEntry> records = new ArrayList<>(LOG.records());
        records.set(5, new AuditEntry(5, records.get(5).offset(), records.get(4).value()));

        assertThatThrownBy(() -> AgencySlices.build("police", records, LOG.writerSchemas(), LATEST, PUBLISHED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not have the checkpoint's root " + LATEST.rootHex());
    }
}
