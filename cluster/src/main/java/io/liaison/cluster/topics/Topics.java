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

    private Topics() {}

    public static String ingress(String agency) {
        return INGRESS_PREFIX + AgencyIds.require(agency);
    }

    public static String inbox(String agency) {
        return INBOX_PREFIX + AgencyIds.require(agency);
    }

    /** The agency that owns an ingress topic, or null when the topic is not an ingress topic. */
    public static String ingressOwner(String topic) {
        return topic != null && topic.startsWith(INGRESS_PREFIX) ? topic.substring(INGRESS_PREFIX.length()) : null;
    }
}
