package io.liaison.policy.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.fields.Leaf;
import io.liaison.kernel.fields.LeafWalker;
import io.liaison.policy.Action;
import io.liaison.policy.MaskStyle;
import io.liaison.policy.Payloads;
import io.liaison.policy.RedactionProfile;
import io.liaison.schemas.Sensitivity;
import io.liaison.schemas.common.Person;
import io.liaison.schemas.payload.IncidentReport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RedactorTest {
    static final byte[] SECRET = "test-secret-test-secret-test-secret!".getBytes(StandardCharsets.UTF_8);
    static final Duration PERIOD = Duration.ofDays(30);
    /** Inside one pseudonym period. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);

    private final Redactor redactor = new Redactor(SECRET, PERIOD, CLOCK);
    private final GenericRecord report = Payloads.raw(Payloads.incident());

    /** A profile keeping every tag except those overridden. */
    static RedactionProfile keepAllBut(Map<Sensitivity, Action> overrides) {
        Map<String, Action> actions = new HashMap<>();
        for (Sensitivity s : Sensitivity.values()) {
            actions.put(s.name(), overrides.getOrDefault(s, Action.KEEP));
        }
        return new RedactionProfile("test", "test", actions, Map.of());
    }

    private static Map<String, Object> values(GenericRecord record) {
        Map<String, Object> out = new HashMap<>();
        for (Leaf leaf : LeafWalker.leaves(record)) {
            out.put(
                    leaf.path(),
                    leaf.value() == null ? null : leaf.value() instanceof CharSequence s ? s.toString() : leaf.value());
        }
        return out;
    }

    @Test
    void keepingEverythingChangesNothingAndListsNothing() {
        RedactionResult result = redactor.redact(keepAllBut(Map.of()), "ice", report);

        assertThat(result.actionsByPath()).isEmpty();
        assertThat(values(result.redacted())).isEqualTo(values(report));
    }

    @Test
    void droppingWithholdsNullableFieldsAsNullAndOthersAsTypePlaceholdersInsideArrays() {
        RedactionResult result = redactor.redact(
                keepAllBut(Map.of(Sensitivity.PII, Action.DROP, Sensitivity.PUBLIC, Action.DROP)), "guard", report);
        Map<String, Object> after = values(result.redacted());

        assertThat(after)
                .containsEntry("involvedPersons[0].name", "")
                .containsEntry("involvedPersons[1].dateOfBirth", null)
                .containsEntry("involvedPersons[0].immigrationStatus", null)
                .containsEntry("involvedPersons[1].criminalHistoryFlags[0]", "")
                .containsEntry("involvedPersons[1].criminalHistoryFlags[#]", 2L)
                .containsEntry("involvedPersons[#]", 2L);
        assertThat(after.get("severity").toString()).isEqualTo("LOW");
        assertThat(after.get("involvedPersons[0].role").toString()).isEqualTo("SUSPECT");
        assertThat(after.get("location.district")).isEqualTo("");
        assertThat(result.actionsByPath())
                .containsEntry("involvedPersons[1].criminalHistoryFlags[1]", "DROP")
                .containsEntry("severity", "DROP")
                .doesNotContainKeys("involvedPersons[#]", "involvedPersons[1].criminalHistoryFlags[#]", "incidentId");
        assertThat(Payloads.encode(result.redacted())).isNotEmpty();
    }

    @Test
    void aWithheldNullIsListedLikeAWithheldValueSoTheListDoesNotRevealPresence() {
        RedactionResult result =
                redactor.redact(keepAllBut(Map.of(Sensitivity.IMMIGRATION_STATUS, Action.DROP)), "ice", report);

        assertThat(result.actionsByPath())
                .containsEntry("involvedPersons[0].immigrationStatus", "DROP")
                .containsEntry("involvedPersons[1].immigrationStatus", "DROP");
        assertThat(values(result.redacted())).containsEntry("involvedPersons[0].immigrationStatus", null);
    }

    @Test
    void generalizeCoarsensDatesTimestampsCoordinatesAndAddresses() {
        RedactionResult result = redactor.redact(
                keepAllBut(Map.of(
                        Sensitivity.DOB,
                        Action.GENERALIZE,
                        Sensitivity.OPERATIONAL,
                        Action.GENERALIZE,
                        Sensitivity.LOCATION,
                        Action.GENERALIZE,
                        Sensitivity.ADDRESS,
                        Action.GENERALIZE)),
                "oversight",
                report);
        Map<String, Object> after = values(result.redacted());

        assertThat(after.get("involvedPersons[1].dateOfBirth"))
                .isEqualTo((int) LocalDate.of(1985, 1, 1).toEpochDay());
        assertThat(after.get("occurredAt"))
                .isEqualTo(Instant.parse("2024-06-01T21:00:00Z").toEpochMilli());
        assertThat(after.get("location.latitude")).isEqualTo(41.88);
        assertThat(after.get("location.longitude")).isEqualTo(-87.65);
        assertThat(after.get("location.address")).isEqualTo("1200 block of W Madison St, Chicago, IL");
        assertThat(after.get("involvedPersons[0].address")).isEqualTo("1200 block of W Madison St, Chicago, IL");
        assertThat(result.actionsByPath())
                .containsEntry("involvedPersons[1].dateOfBirth", "GENERALIZE")
                .containsEntry("location.latitude", "GENERALIZE");
    }

    @Test
    void generalizeOnATypeItCannotCoarsenEscalatesToTheNextStricterActionThatApplies() {
        List<LeafOutcome> outcomes =
                redactor.explain(keepAllBut(Map.of(Sensitivity.OPERATIONAL, Action.GENERALIZE)), "cpd", report);
        Map<String, LeafOutcome> byPath =
                outcomes.stream().collect(Collectors.toMap(LeafOutcome::path, Function.identity()));

        assertThat(byPath.get("incidentId").applied()).isEqualTo(Action.PSEUDONYMIZE);
        assertThat(byPath.get("involvedPersons[0].role").applied()).isEqualTo(Action.DROP);
        assertThat(byPath.get("involvedPersons[0].role").note())
                .isEqualTo("GENERALIZE does not apply to enum; DROP instead");
    }

    @Test
    void escalationDependsOnTheDeclaredTypeNotOnWhetherTheValueIsPresent() {
        RedactionResult result =
                redactor.redact(keepAllBut(Map.of(Sensitivity.IMMIGRATION_STATUS, Action.GENERALIZE)), "ice", report);

        assertThat(result.actionsByPath())
                .containsEntry("involvedPersons[0].immigrationStatus", "DROP")
                .containsEntry("involvedPersons[1].immigrationStatus", "DROP");
    }

    @Test
    void maskHidesANameEntirelyAtAFixedLengthWhileAnIdentifierMayKeepItsLastFourDigitsAndNumbersBecomeZero() {
        RedactionProfile profile = new RedactionProfile(
                "masks",
                "masks",
                keepAllBut(Map.of(
                                Sensitivity.PHONE,
                                Action.MASK,
                                Sensitivity.NAME,
                                Action.MASK,
                                Sensitivity.LOCATION,
                                Action.MASK))
                        .actions(),
                Map.of("PHONE", MaskStyle.LAST4_DIGITS));
        Map<String, Object> after =
                values(redactor.redact(profile, "guard", report).redacted());

        assertThat(after.get("involvedPersons[0].phone")).isEqualTo("(***) ***-0142");
        assertThat(after.get("involvedPersons[0].name")).isEqualTo("********");
        assertThat(after.get("involvedPersons[1].name"))
                .as("same mask, whatever the name's length")
                .isEqualTo("********");
        assertThat(after.get("location.latitude")).isEqualTo(0.0);
        assertThat(Transforms.maskString("A123456789", MaskStyle.LAST4_DIGITS)).isEqualTo("******6789");
        assertThat(Transforms.maskString("Lopez-Garcia 1234567", MaskStyle.LAST4_DIGITS))
                .as("not an identifier")
                .isEqualTo("********");
        assertThat(Transforms.maskString("(312) 555-0142", MaskStyle.FULL)).isEqualTo("********");
    }

    @Test
    void aSurnameUnderMaskRevealsNoLetterWhateverStyleItsOtherTagsAsk() {
        // a name-tagged leaf masks FULL even if another of its tags asks for LAST4_DIGITS
        RedactionProfile profile = new RedactionProfile(
                "masks",
                "masks",
                keepAllBut(Map.of(Sensitivity.NAME, Action.MASK, Sensitivity.PII, Action.MASK))
                        .actions(),
                Map.of("PII", MaskStyle.LAST4_DIGITS));
        for (String surname : List.of("Lopez", "Kowalski-Nowak", "Nguyễn", "Ó Briain 2nd", "O'Neil 1234567")) {
            GenericRecord named = Payloads.raw(IncidentReport.newBuilder(Payloads.incident())
                    .setInvolvedPersons(List.of(Person.newBuilder(
                                    Payloads.incident().getInvolvedPersons().get(0))
                            .setName("Maria " + surname)
                            .build()))
                    .build());

            String masked = (String)
                    values(redactor.redact(profile, "guard", named).redacted()).get("involvedPersons[0].name");

            assertThat(masked).as(surname).isEqualTo("********").doesNotContainPattern("\\p{L}");
        }
    }

    @Test
    void aMaskStyleCombinesToTheStrictestOverTheMaskedTags() {
        RedactionProfile profile = new RedactionProfile(
                "p",
                "p",
                Map.of("PII", Action.MASK, "PHONE", Action.MASK, "PUBLIC", Action.KEEP),
                Map.of("PHONE", MaskStyle.LAST4_DIGITS));

        assertThat(profile.maskStyle(Set.of("PHONE"))).isEqualTo(MaskStyle.LAST4_DIGITS);
        assertThat(profile.maskStyle(Set.of("PHONE", "PUBLIC")))
                .as("a kept tag asks nothing")
                .isEqualTo(MaskStyle.LAST4_DIGITS);
        assertThat(profile.maskStyle(Set.of("PHONE", "PII")))
                .as("PII masks FULL, unnamed")
                .isEqualTo(MaskStyle.FULL);
        assertThat(profile.maskStyle(Set.of("PHONE", "NAME"))).isEqualTo(MaskStyle.FULL);
    }

    @Test
    void pseudonymsCorrelateWithinOneRecipientAndNotAcross() {
        RedactionProfile profile = keepAllBut(Map.of(Sensitivity.NAME, Action.PSEUDONYMIZE));
        GenericRecord sameNameOtherCase = Payloads.raw(IncidentReport.newBuilder(Payloads.incident())
                .setInvolvedPersons(List.of(Person.newBuilder(
                                Payloads.incident().getInvolvedPersons().get(0))
                        .setName("  MARIA   LOPEZ ")
                        .build()))
                .build());

        String forIce = (String)
                values(redactor.redact(profile, "ice", report).redacted()).get("involvedPersons[0].name");
        String forIceAgain = (String)
                values(redactor.redact(profile, "ice", sameNameOtherCase).redacted())
                        .get("involvedPersons[0].name");
        String forGuard = (String)
                values(redactor.redact(profile, "guard", report).redacted()).get("involvedPersons[0].name");
        String otherSecret = (String) values(new Redactor(
                                "another-secret-another-secret-32b".getBytes(StandardCharsets.UTF_8), PERIOD, CLOCK)
                        .redact(profile, "ice", report)
                        .redacted())
                .get("involvedPersons[0].name");

        assertThat(forIce)
                .matches("P-[0-9a-f]{32}")
                .isEqualTo(forIceAgain)
                .isNotEqualTo(forGuard)
                .isNotEqualTo(otherSecret);
    }

    @Test
    void pseudonymsAreAtLeast96BitsAndDifferAcrossPeriodsForTheSameValueAndRecipient() {
        RedactionProfile profile = keepAllBut(Map.of(Sensitivity.NAME, Action.PSEUDONYMIZE));
        Instant periodStart =
                Instant.ofEpochMilli(Math.floorDiv(CLOCK.millis(), PERIOD.toMillis()) * PERIOD.toMillis());
        Instant periodEnd = periodStart.plus(PERIOD);

        String first = pseudonymAt(profile, periodStart);
        String sameStillAtItsLastMillisecond = pseudonymAt(profile, periodEnd.minusMillis(1));
        String next = pseudonymAt(profile, periodEnd);

        assertThat(first).matches("P-[0-9a-f]{32}");
        assertThat((first.length() - 2) * 4).as("bits").isGreaterThanOrEqualTo(96);
        assertThat(sameStillAtItsLastMillisecond).isEqualTo(first);
        assertThat(next).matches("P-[0-9a-f]{32}").isNotEqualTo(first);
        assertThat(pseudonymAt(profile, periodEnd.plus(PERIOD)))
                .isNotEqualTo(next)
                .isNotEqualTo(first);
    }

    private String pseudonymAt(RedactionProfile profile, Instant at) {
        Redactor atThatTime = new Redactor(SECRET, PERIOD, Clock.fixed(at, ZoneOffset.UTC));
        return (String)
                values(atThatTime.redact(profile, "ice", report).redacted()).get("involvedPersons[0].name");
    }

    @Test
    void periodKeysAreHkdfOfTheMasterSecretTheRecipientAndThePeriod() throws Exception {
        // RFC 5869 by hand: PRK = HMAC(salt, master); k = HMAC(PRK, u32(len) || recipient || u64(period) || 0x01)
        long period = Math.floorDiv(CLOCK.millis(), PERIOD.toMillis());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("liaison/pseudonym/v2".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] prk = mac.doFinal(SECRET);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        byte[] key = mac.doFinal(ByteBuffer.allocate(4 + 3 + 8 + 1)
                .putInt(3)
                .put("ice".getBytes(StandardCharsets.UTF_8))
                .putLong(period)
                .put((byte) 1)
                .array());
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = "P-"
                + Digests.hex(mac.doFinal("maria lopez".getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 32);

        assertThat(new Pseudonyms(SECRET, PERIOD, CLOCK).pseudonym("ice", "  Maria   LOPEZ"))
                .isEqualTo(expected);
    }

    @Test
    void redactTextReplacesRecognisedIdentifiersAndTheMessagesOwnNamesAddressesAndPhones() {
        List<LeafOutcome> outcomes =
                redactor.explain(keepAllBut(Map.of(Sensitivity.FREE_TEXT, Action.REDACT_TEXT)), "cpd", report);
        LeafOutcome narrative = outcomes.stream()
                .filter(o -> o.path().equals("narrative"))
                .findFirst()
                .orElseThrow();

        assertThat(narrative.after())
                .isEqualTo("Victim [REDACTED:NAME] (DOB [REDACTED:DOB]) called from [REDACTED:PHONE] and reported "
                        + "that [REDACTED:NAME] was followed from [REDACTED:ADDRESS]. Her SSN is [REDACTED:SSN].");
        assertThat(narrative.note()).isEqualTo("replaced NAME, DOB, PHONE, NAME, ADDRESS, SSN");
    }

    @Test
    void aKeptTextContainingAValueWithheldElsewhereIsRedacted() {
        RedactionResult result = redactor.redact(
                keepAllBut(Map.of(Sensitivity.STAFF, Action.DROP)),
                "guard",
                Payloads.raw(IncidentReport.newBuilder(Payloads.incident())
                        .setNarrative("Reported by Officer Daniel Reyes at 22:10.")
                        .build()));

        assertThat(values(result.redacted()).get("narrative")).isEqualTo("Reported by [REDACTED:WITHHELD] at 22:10.");
        assertThat(result.actionsByPath())
                .containsEntry("narrative", "REDACT_TEXT")
                .containsEntry("reportingOfficer", "DROP");
    }

    @Test
    void aTagTheProfileDoesNotNameIsDroppedAndExplainedAsDefaultDeny() {
        RedactionProfile onlyOperational =
                new RedactionProfile("ops", "ops", Map.of("OPERATIONAL", Action.KEEP), Map.of());

        Map<String, LeafOutcome> byPath = redactor.explain(onlyOperational, "guard", report).stream()
                .collect(Collectors.toMap(LeafOutcome::path, Function.identity()));

        assertThat(byPath.get("incidentId").applied()).isEqualTo(Action.KEEP);
        LeafOutcome officer = byPath.get("reportingOfficer");
        assertThat(officer.applied()).isEqualTo(Action.DROP);
        assertThat(officer.forcedBy()).isEqualTo("STAFF");
        assertThat(officer.namedByProfile()).isFalse();
        assertThat(byPath.get("location.district").forcedBy()).isEqualTo("PUBLIC");
    }

    @Test
    void theStrictestActionOverTheEffectiveTagsWinsAndNamesItsTag() {
        RedactionProfile profile = keepAllBut(Map.of(Sensitivity.PII, Action.GENERALIZE, Sensitivity.DOB, Action.MASK));

        LeafOutcome dob = redactor.explain(profile, "ice", report).stream()
                .filter(o -> o.path().equals("involvedPersons[0].dateOfBirth"))
                .findFirst()
                .orElseThrow();

        assertThat(dob.tags()).containsExactlyInAnyOrder("PII", "DOB");
        assertThat(dob.requested()).isEqualTo(Action.MASK);
        assertThat(dob.forcedBy()).isEqualTo("DOB");
        assertThat(dob.after()).isEqualTo(0);
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new Redactor(new byte[16], PERIOD, CLOCK))
                .hasMessage("pseudonymSecret must be at least 32 bytes, was 16");
        assertThatThrownBy(() -> new Redactor(SECRET, Duration.ZERO, CLOCK))
                .hasMessage("the pseudonym period must be positive, was PT0S");
        assertThat(redactor.toString()).contains("[hidden]").doesNotContain(Arrays.toString(SECRET));
    }
}
