package io.liaison.policy.text;

/** What a free-text finding is; the redacted text reads {@code [REDACTED:TYPE]}. */
public enum FindingType {
    SSN,
    A_NUMBER,
    PHONE,
    EMAIL,
    DOB,
    DRIVER_LICENCE,
    LICENCE_PLATE,
    IP_ADDRESS,
    PAYMENT_CARD,
    /** A name that appears in the same message's structured fields. */
    NAME,
    /** An address that appears in the same message's structured fields. */
    ADDRESS,
    /** Any other value the same message's recipient copy withholds elsewhere. */
    WITHHELD;

    public String placeholder() {
        return "[REDACTED:" + name() + "]";
    }
}
