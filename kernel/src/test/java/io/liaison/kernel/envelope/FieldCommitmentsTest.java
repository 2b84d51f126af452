package io.liaison.kernel.envelope;

import static io.liaison.kernel.envelope.TestEnvelopes.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.fields.Leaf;
import io.liaison.kernel.fields.LeafWalker;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.FieldCommitment;
import io.liaison.schemas.payload.IncidentReport;
import io.liaison.schemas.samples.SamplePayloads;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class FieldCommitmentsTest {
    private final IncidentReport report = SamplePayloads.shotsFiredReport("I-7", NOW);
    private final List<FieldCommitment> commitments = FieldCommitments.commit(report, new byte[32]);

    @Test
    void everyLeafIsCommittedWithA128BitSalt() {
        assertThat(commitments)
                .extracting(FieldCommitment::getPath)
                .contains("involvedPersons[#]", "involvedPersons[1].dateOfBirth", "location.latitude", "narrative");
        assertThat(commitments)
                .allSatisfy(c -> assertThat(c.getSalt().remaining()).isEqualTo(16));
        assertThat(commitments).extracting(c -> c.getSalt()).doesNotHaveDuplicates();
    }

    @Test
    void theUntouchedPayloadVerifies() {
        assertThat(FieldCommitments.verify(report, commitments, Set.of())).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aChangedValueIsDetected() {
        IncidentReport changed = IncidentReport.newBuilder(report).build();
        changed.getInvolvedPersons().get(0).setName("Someone Else");
        Verdict v = FieldCommitments.verify(changed, commitments, Set.of());
        assertThat(v).isInstanceOf(Verdict.Rejected.class);
        assertThat(((Verdict.Rejected) v).detail()).contains("involvedPersons[0].name");
    }

    @Test
    void aWithheldFieldVerifiesOnlyWhenTheBackboneAttestsIt() {
        String path = "involvedPersons[0].immigrationStatus";
        GenericRecord redacted = LeafWalker.rewrite(report, leaf -> leaf.path().equals(path) ? null : leaf.value());
        List<FieldCommitment> stripped = commitments.stream()
                .map(c -> c.getPath().equals(path) ? new FieldCommitment(c.getPath(), c.getDigest(), null) : c)
                .toList();
        assertThat(FieldCommitments.verify(redacted, stripped, Set.of(path))).isEqualTo(Verdict.ACCEPTED);
        assertThat(FieldCommitments.verify(redacted, stripped, Set.of())).isInstanceOf(Verdict.Rejected.class);
        // keeping the salt while changing the value is caught too
        assertThat(FieldCommitments.verify(redacted, commitments, Set.of(path))).isInstanceOf(Verdict.Rejected.class);
    }

    @Test
    void specificAndGenericRepresentationsCommitToTheSameBytes() {
        GenericRecord generic = LeafWalker.rewrite(report, leaf -> raw(leaf));
        assertThat(FieldCommitments.verify(generic, commitments, Set.of())).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void attestationCoversTheDeliveredBytesAndTheChangedPaths() {
        TrustStore trust = new TrustStore();
        SigningIdentity cpd = TestEnvelopes.identity(trust, "cpd", KeyRole.AGENCY_SIGNING);
        SigningIdentity backbone = TestEnvelopes.identity(trust, "backbone", KeyRole.BACKBONE_ATTESTATION);
        Envelope original = new EnvelopeSigner(cpd).sign(TestEnvelopes.unsigned(cpd, report));
        Envelope copy = Attestations.attest(
                backbone,
                original,
                new byte[] {0, 0, 0, 0, 2, 42},
                new Attestations.Delivery(
                        "ice",
                        "violent-crime-investigation",
                        "sha256:abc",
                        List.of("r1"),
                        Map.of("involvedPersons[0].immigrationStatus", "DROP")),
                NOW);

        assertThat(Attestations.verify(copy, trust, NOW)).isEqualTo(Verdict.ACCEPTED);
        assertThat(new SenderVerifier(trust).verify(copy, NOW)).isEqualTo(Verdict.ACCEPTED);
        assertThat(copy.getCommitments())
                .filteredOn(c -> c.getSalt() == null)
                .extracting(FieldCommitment::getPath)
                .containsExactly("involvedPersons[0].immigrationStatus");

        copy.getPayload().put(5, (byte) 43);
        assertThat(Attestations.verify(copy, trust, NOW)).isInstanceOf(Verdict.Rejected.class);
    }

    /** What a GenericDatumReader without conversions yields: epoch numbers instead of java.time values. */
    private static Object raw(Leaf leaf) {
        Object v = leaf.value();
        if (v instanceof java.time.Instant i) {
            return i.toEpochMilli();
        }
        if (v instanceof java.time.LocalDate d) {
            return (int) d.toEpochDay();
        }
        if (v instanceof Enum<?> e) {
            return new org.apache.avro.generic.GenericData.EnumSymbol(leaf.schema(), e.name());
        }
        if (v instanceof String s) {
            return new org.apache.avro.util.Utf8(s);
        }
        return v;
    }
}
