package io.liaison.complaints;

import io.liaison.policy.ComplaintsPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates what a resident sent, field by field, against the declared categories and agencies. The
 * first bad field is named in the answer (HTTP 400), so a resident can correct it.
 */
public final class ComplaintForm {
    public static final int MAX_PLACE = 200;
    public static final int MAX_DESCRIPTION = 4000;
    public static final int MAX_CONTACT = 200;
    /** How far back a complaint may reach: about the operation, not about anything ever. */
    public static final int MAX_AGE_DAYS = 366;

    /** The form's fields; anything else is refused, so nothing unexpected is sealed and stored. */
    public static final Set<String> FIELDS = Set.of("category", "time", "place", "description", "agency", "contact");

    private ComplaintForm() {}

    /** The outcome: a complaint, or the first field that is wrong and why. */
    public sealed interface Validation {
        record Valid(Complaint complaint) implements Validation {}

        record Invalid(String field, String reason) implements Validation {}
    }

    /**
     * @param fields   the submitted fields (form or JSON), names to values
     * @param policy   the declared categories
     * @param agencies agencies a complaint may concern (the policy's, without oversight)
     */
    public static Validation validate(
            Map<String, String> fields, ComplaintsPolicy policy, Set<String> agencies, String receipt, Instant now) {
        for (String name : new TreeSet<>(fields.keySet())) {
            if (!FIELDS.contains(name)) {
                return invalid(name, "is not a field of the complaint form; the fields are " + new TreeSet<>(FIELDS));
            }
        }
        String category = trimmed(fields.get("category"));
        if (category.isEmpty()) {
            return invalid(
                    "category", "is required; one of " + policy.categories().keySet());
        }
        if (!policy.isCategory(category)) {
            return invalid("category", "must be one of " + policy.categories().keySet());
        }
        String timeText = trimmed(fields.get("time"));
        if (timeText.isEmpty()) {
            return invalid("time", "is required: when it happened, as YYYY-MM-DDTHH:MM");
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(timeText);
        } catch (DateTimeParseException e) {
            return invalid("time", "must be a date and time as YYYY-MM-DDTHH:MM");
        }
        // local time as the resident gave it: allow a day either side of UTC for the time zone
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (time.toLocalDate().isAfter(today.plusDays(1))) {
            return invalid("time", "is in the future");
        }
        if (time.toLocalDate().isBefore(today.minusDays(MAX_AGE_DAYS))) {
            return invalid("time", "is more than " + MAX_AGE_DAYS + " days ago");
        }
        Optional<String> placeError = text(fields.get("place"), MAX_PLACE, false);
        if (placeError.isPresent()) {
            return invalid("place", placeError.get());
        }
        Optional<String> descriptionError = text(fields.get("description"), MAX_DESCRIPTION, true);
        if (descriptionError.isPresent()) {
            return invalid("description", descriptionError.get());
        }
        Optional<String> agency = Optional.of(trimmed(fields.get("agency"))).filter(a -> !a.isEmpty());
        if (agency.isPresent() && !agencies.contains(agency.get())) {
            return invalid("agency", "must be one of " + new TreeSet<>(agencies) + " or left empty");
        }
        Optional<String> contact = Optional.of(trimmed(fields.get("contact"))).filter(c -> !c.isEmpty());
        if (contact.isPresent()) {
            Optional<String> contactError = text(contact.get(), MAX_CONTACT, false);
            if (contactError.isPresent()) {
                return invalid("contact", contactError.get());
            }
        }
        return new Validation.Valid(new Complaint(
                receipt,
                now,
                category,
                time,
                trimmed(fields.get("place")),
                trimmed(fields.get("description")),
                agency,
                contact));
    }

    /** Why {@code value} is not acceptable text, if it is not: required, bounded, printable. */
    private static Optional<String> text(String value, int max, boolean multiline) {
        String v = trimmed(value);
        if (v.isEmpty()) {
            return Optional.of("is required");
        }
        if (v.codePointCount(0, v.length()) > max) {
            return Optional.of("is longer than " + max + " characters");
        }
        boolean control = v.codePoints()
                .anyMatch(c -> Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t')));
        if (control) {
            return Optional.of(
                    multiline ? "contains control characters" : "must be one line without control characters");
        }
        return Optional.empty();
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }

    private static Validation invalid(String field, String reason) {
        return new Validation.Invalid(field, reason);
    }
}
