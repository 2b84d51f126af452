package io.liaison.cluster.topics;

import io.liaison.kernel.trust.AgencyIds;

/**
 * Topic names, in one place. See the topic table in the root README for keys, writers, readers
 * and configs.
 */
public final class Topics {
    public static final String INGRESS_PREFIX = "ingress.";
    public static final String INBOX_PREFIX = "inbox.";
    public static final String QUARANTINE = "quarantine";
    public static final String AUDIT = "audit";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String POLICY = "policy";
    public static final String TRUST = "trust";
    /** Compacted per-owner key topics: wrapped data keys of that agency's inbox copies (docs/encryption.md). */
    public static final String KEYS_PREFIX = "keys.";
    /** Wrapped data keys of quarantined inputs, for the quarantine officer. */
    public static final String QUARANTINE_KEYS = "quarantine.keys";
    /** The backbone's command events (accepted directives and acknowledgements, metadata only), keyed by directive id. */
    public static final String COMMAND = "command";

    /** Public complaints, each sealed to the oversight agency; key: the receipt number. */
    public static final String COMPLAINTS = "complaints";
    /** Compacted: a complaint's status (key: receipt) and its inclusion proof (key: receipt + {@code /proof}). */
    public static final String COMPLAINT_STATUS = "complaints.status";

    /** Prefix of each agency's referral topic: what oversight refers to it of a complaint, sealed to it. */
    public static final String REFERRALS_PREFIX = "referrals.";

    private Topics() {}

    public static String ingress(String agency) {
        return INGRESS_PREFIX + AgencyIds.require(agency);
    }

    public static String inbox(String agency) {
        return INBOX_PREFIX + AgencyIds.require(agency);
    }

    /** The compacted topic holding the wrapped data keys of {@code agency}'s inbox copies; a tombstone destroys one. */
    public static String keys(String agency) {
        return KEYS_PREFIX + AgencyIds.require(agency);
    }

    /** The topic where oversight refers complaints to {@code agency}: only the fields the policy lets it receive. */
    public static String referrals(String agency) {
        return REFERRALS_PREFIX + AgencyIds.require(agency);
    }

    /** The agency that owns an ingress topic, or null when the topic is not an ingress topic. */
    public static String ingressOwner(String topic) {
        return topic != null && topic.startsWith(INGRESS_PREFIX) ? topic.substring(INGRESS_PREFIX.length()) : null;
    }
}
