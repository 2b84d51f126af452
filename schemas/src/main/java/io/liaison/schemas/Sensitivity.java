package io.liaison.schemas;

import java.util.Locale;
import java.util.Optional;

/**
 * The sensitivity tags that every schema field carries in its {@code "sensitivity"} property.
 *
 * <p>A leaf field's effective tags are the union of the tags on its own declaration and on every
 * enclosing field, so a {@code Person} nested under a field tagged {@code PII} is PII throughout.
 * Policy redaction profiles are keyed by these tags; a tag a profile does not mention is treated as
 * the most sensitive (default deny).
 */
public enum Sensitivity {
    /** Safe for anyone, including the public. */
    PUBLIC,
    /** Operational detail shared between partner agencies (ids, times, unit names). */
    OPERATIONAL,
    /** Precise coordinates. */
    LOCATION,
    /** Personal data in general. */
    PII,
    NAME,
    DOB,
    ADDRESS,
    PHONE,
    IMMIGRATION_STATUS,
    CRIMINAL_HISTORY,
    /** Free text that may contain personal data; scanned by recognisers before release. */
    FREE_TEXT,
    /** Names and contacts of agency staff. */
    STAFF;

    /** The Avro field property that holds a field's tags. */
    public static final String PROPERTY = "sensitivity";

    public static Optional<Sensitivity> parse(String tag) {
        try {
            return Optional.of(valueOf(tag.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
