package io.liaison.consumer.http.auth;

import io.liaison.kernel.topics.Topics;
import java.util.regex.Pattern;

/**
 * Who is asking: an analyst of one agency, and how that was proven.
 *
 * @param agency  the agency the credential binds the analyst to
 * @param analyst the analyst's identity as the credential names it (recorded as the audit's recipientPerson)
 * @param method  how the identity was proven
 */
public record AnalystIdentity(String agency, String analyst, Method method) {
    /** Letters, digits and {@code . _ @ -}: safe in logs, audit records and JSON without escaping surprises. */
    public static final Pattern ANALYST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    public enum Method { MTLS, BEARER_TOKEN }

    public AnalystIdentity {
        Topics.requireAgencyId(agency);
        if (analyst == null || !ANALYST_ID.matcher(analyst).matches()) {
            throw new IllegalArgumentException("analyst id '" + analyst + "' must match " + ANALYST_ID.pattern());
        }
    }
}
