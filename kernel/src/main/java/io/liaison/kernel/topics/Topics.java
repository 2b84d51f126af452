package io.liaison.kernel.topics;

import java.util.regex.Pattern;

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

    private static final Pattern AGENCY_ID = Pattern.compile("[a-z][a-z0-9-]{1,31}");

    private Topics() {}

    public static String ingress(String agency) {
        return INGRESS_PREFIX + requireAgencyId(agency);
    }

    public static String inbox(String agency) {
        return INBOX_PREFIX + requireAgencyId(agency);
    }

    /** The agency that owns an ingress topic, or null when the topic is not an ingress topic. */
    public static String ingressOwner(String topic) {
        return topic != null && topic.startsWith(INGRESS_PREFIX) ? topic.substring(INGRESS_PREFIX.length()) : null;
    }

    /** Agency ids are lower-case, 2 to 32 characters, letters, digits and hyphens; they appear in topic names and principals. */
    public static String requireAgencyId(String agency) {
        if (agency == null || !AGENCY_ID.matcher(agency).matches()) {
            throw new IllegalArgumentException("agency id '" + agency + "' must match " + AGENCY_ID.pattern());
        }
        return agency;
    }
}
