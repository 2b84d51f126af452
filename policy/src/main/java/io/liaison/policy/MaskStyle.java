package io.liaison.policy;

/**
 * How {@link Action#MASK} hides a string, per sensitivity tag in a profile's {@code masks} (FULL
 * unless the profile names another). No style shows a letter, so a masked name never gives away
 * any part of it. Declared from the strictest.
 */
public enum MaskStyle {
    /** A fixed run of asterisks, whatever the value: neither its characters nor its length. */
    FULL,
    /**
     * An identifier (at least 7 digits, and at least as many digits as letters) keeps its separators
     * and last four digits, every other character starred: {@code (312) 555-0142} becomes
     * {@code (***) ***-0142}. Any other value is masked FULL.
     */
    LAST4_DIGITS;

    public boolean isStricterThan(MaskStyle other) {
        return compareTo(other) < 0;
    }
}
