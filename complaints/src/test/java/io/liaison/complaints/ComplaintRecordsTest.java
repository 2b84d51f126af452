package io.liaison.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.seal.Opening;
import io.liaison.kernel.seal.Seal;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComplaintRecordsTest {
    static final TestPki PKI = new TestPki("complaints-test-root");
    static final DecryptionKeys OVERSIGHT = PKI.agencyEncryption("oversight");
    static final DecryptionKeys CPD = PKI.agencyEncryption("cpd");

    static EncryptionKey oversightKey() {
        return PKI.trust()
                .encryptionKey("oversight", EncryptionRole.AGENCY, Instant.now())
                .orElseThrow();
    }

    static Complaint complaint() {
        return new Complaint(
                "C-ABCDE-12345-FGHJK-67890",
                Instant.parse("2026-12-07T12:00:00Z"),
                "use-of-force",
                LocalDateTime.parse("2026-12-05T21:30"),
                "Corner of 5th and Main",
                "An officer pushed me.",
                Optional.of("cpd"),
                Optional.of("Jane Roe, 555-0100"));
    }

    @Test
    void onlyOversightOpensTheSealedComplaintAndTheAgencyConcernedCannot() {
        ComplaintRecords.Filing filing =
                ComplaintRecords.filing(complaint(), oversightKey(), "sha256:v", "intake@test", new SecureRandom());

        Opening byOversight =
                Seal.open(filing.sealed(), Topics.COMPLAINTS, filing.receipt(), OVERSIGHT, Seal.KeyLookup.NONE);
        assertThat(byOversight).isInstanceOf(Opening.Opened.class);
        assertThat(Complaint.fromJson(((Opening.Opened) byOversight).plaintext()))
                .isEqualTo(complaint());

        Opening byCpd = Seal.open(filing.sealed(), Topics.COMPLAINTS, filing.receipt(), CPD, Seal.KeyLookup.NONE);
        assertThat(byCpd)
                .isInstanceOfSatisfying(
                        Opening.Refused.class, r -> assertThat(r.reason()).isEqualTo(RejectionReason.SEAL_MISDIRECTED));
        String stored = new String(filing.sealed(), StandardCharsets.ISO_8859_1);
        assertThat(stored)
                .doesNotContain("Jane Roe")
                .doesNotContain("5th and Main")
                .doesNotContain("pushed");
    }

    @Test
    void theAuditRecordNamesReceiptCategoryAndDigestButNothingTheResidentWrote() {
        ComplaintRecords.Filing filing =
                ComplaintRecords.filing(complaint(), oversightKey(), "sha256:v", "intake@test", new SecureRandom());
        AuditRecord audit = filing.audit();

        assertThat(audit.getDecision()).isEqualTo(AuditDecision.COMPLAINT_RECEIVED);
        assertThat(audit.getMessageId()).isEqualTo("C-ABCDE-12345-FGHJK-67890");
        assertThat(audit.getMessageType()).isEqualTo(ComplaintRecords.MESSAGE_TYPE);
        assertThat(audit.getReasonCode()).isEqualTo("use-of-force");
        assertThat(audit.getRecipient()).isEqualTo("oversight");
        assertThat(audit.getSender()).isNull();
        assertThat(audit.getDeliveredDigest().array()).isEqualTo(Digests.sha256(filing.sealed()));
        assertThat(audit.toString())
                .doesNotContain("Jane Roe")
                .doesNotContain("5th and Main")
                .doesNotContain("pushed")
                .doesNotContain("cpd");
        assertThat(ComplaintRecords.StatusEntry.fromJson(filing.status())
                        .status()
                        .key())
                .isEqualTo("received");
    }

    @Test
    void theConcernedAgencysViewHoldsOnlyWhatThePolicySharesNeverTheContactOrReceipt() {
        assertThat(AgencyView.of(complaint(), ComplaintFormTest.POLICY))
                .containsExactly(
                        java.util.Map.entry("category", "use-of-force"),
                        java.util.Map.entry("time", "2026-12-05T21:30"),
                        java.util.Map.entry("place", "Corner of 5th and Main"));
    }
}
