package io.liaison.kernel.trust;

import java.util.regex.Pattern;

/** Agency ids name the parties everywhere: certificates, topics, principals, tokens. */
public final class AgencyIds {
    private static final Pattern AGENCY_ID = Pattern.compile("[a-z][a-z0-9-]{1,31}");

    private AgencyIds() {}

    /** Agency ids are lower-case, 2 to 32 characters, letters, digits and hyphens; they appear in topic names and principals. */
    public static String require(String agency) {
        if (agency == null || !AGENCY_ID.matcher(agency).matches()) {
            throw new IllegalArgumentException("agency id '" + agency + "' must match " + AGENCY_ID.pattern());
        }
        return agency;
    }
}
