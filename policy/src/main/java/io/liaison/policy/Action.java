package io.liaison.policy;

/**
 * What redaction does to one leaf, declared in increasing order of restrictiveness: when a leaf
 * carries several tags, the profile's actions for them are combined by taking the strictest.
 * The order is argued in {@code docs/redaction.md}.
 */
public enum Action {
    /** The value is delivered as sent. */
    KEEP,
    /** A coarser value: date of birth to its year, a timestamp to its hour, coordinates to a ~1 km cell, an address to its block. */
    GENERALIZE,
    /** A keyed per-recipient pseudonym: equal values correlate within one recipient agency, never across agencies. */
    PSEUDONYMIZE,
    /** Shape kept, content hidden: all but the last four characters (or digits) starred; numbers become 0. */
    MASK,
    /** Free text with every recognised identifier and every name, address or phone of the same message replaced. */
    REDACT_TEXT,
    /** Withheld: null where the schema allows it, otherwise a type placeholder. */
    DROP;

    public boolean isStricterThan(Action other) {
        return compareTo(other) > 0;
    }
}
