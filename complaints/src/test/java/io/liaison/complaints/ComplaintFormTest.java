package io.liaison.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.policy.ComplaintsPolicy;
import io.liaison.policy.ComplaintsPolicy.ComplaintField;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComplaintFormTest {
    static final ComplaintsPolicy POLICY = new ComplaintsPolicy(
            "oversight",
            Map.of("use-of-force", "Force used", "other", "Anything else"),
            Set.of(ComplaintField.CATEGORY, ComplaintField.TIME, ComplaintField.PLACE),
            java.util.Optional.empty());
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    static Map<String, String> good() {
        Map<String, String> f = new HashMap<>();
        f.put("category", "use-of-force");
        f.put("time", "2026-12-05T21:30");
        f.put("place", "Corner of 5th and Main");
        f.put("description", "An officer pushed me to the ground.\nTwo witnesses saw it.");
        f.put("contact", "resident@example.org");
        return f;
    }

    static ComplaintForm.Validation validate(Map<String, String> fields) {
        return ComplaintForm.validate(fields, POLICY, Set.of("cpd", "guard"), "C-00000-00000-00000-00000", NOW);
    }

    @Test
    void aCompleteFormIsAComplaintWithItsReceiptAndTime() {
        ComplaintForm.Validation v = validate(good());

        assertThat(v).isInstanceOf(ComplaintForm.Validation.Valid.class);
        Complaint c = ((ComplaintForm.Validation.Valid) v).complaint();
        assertThat(c.category()).isEqualTo("use-of-force");
        assertThat(c.receivedAt()).isEqualTo(NOW);
        assertThat(c.contact()).contains("resident@example.org");
        assertThat(c.agency()).isEmpty();
        assertThat(Complaint.fromJson(c.toJson())).isEqualTo(c);
    }

    @ParameterizedTest(name = "{0}={1} is refused naming {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "category|                    |is required; one of",
                "category|gossip              |must be one of",
                "time|                        |is required",
                "time|yesterday               |must be a date and time",
                "time|2027-01-01T10:00        |is in the future",
                "time|2024-01-01T10:00        |is more than 366 days ago",
                "place|                       |is required",
                "place|line one\\nline two     |must be one line",
                "agency|ice                   |must be one of",
                "agency|oversight             |must be one of",
                "nickname|bob                 |is not a field of the complaint form",
            })
    void aBadFieldIsNamedWithTheRule(String field, String value, String reason) {
        Map<String, String> f = good();
        f.put(field, value == null ? "" : value.replace("\\n", "\n"));

        assertThat(validate(f))
                .isEqualTo(new ComplaintForm.Validation.Invalid(
                        field, ((ComplaintForm.Validation.Invalid) validate(f)).reason()))
                .extracting(x -> ((ComplaintForm.Validation.Invalid) x).reason())
                .asString()
                .startsWith(reason);
    }

    @Test
    void textsAreBoundedInCharacters() {
        Map<String, String> f = good();
        f.put("description", "x".repeat(ComplaintForm.MAX_DESCRIPTION + 1));
        assertThat(validate(f))
                .isEqualTo(new ComplaintForm.Validation.Invalid("description", "is longer than 4000 characters"));
        f = good();
        f.put("contact", "c".repeat(ComplaintForm.MAX_CONTACT + 1));
        assertThat(validate(f))
                .isEqualTo(new ComplaintForm.Validation.Invalid("contact", "is longer than 200 characters"));
        f = good();
        f.put("description", "nul\u0000byte");
        assertThat(validate(f))
                .isEqualTo(new ComplaintForm.Validation.Invalid("description", "contains control characters"));
    }

    @Test
    void receiptsAreRandomAndOnlyTheirFormatIsAccepted() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        String a = Receipts.next(random);
        assertThat(Receipts.valid(a)).isTrue();
        assertThat(Receipts.next(random)).isNotEqualTo(a);
        assertThat(Receipts.valid("C-00000-00000-00000-0000")).isFalse();
        assertThat(Receipts.valid("C-IIIII-00000-00000-00000"))
                .as("I is not a Crockford digit")
                .isFalse();
        assertThat(Receipts.valid("../etc/passwd")).isFalse();
        assertThat(Receipts.valid(null)).isFalse();
    }
}
