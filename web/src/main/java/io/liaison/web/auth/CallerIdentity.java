package io.liaison.web.auth;

import io.liaison.kernel.trust.AgencyIds;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is calling one of the backbone's HTTP services, and how that was proven.
 *
 * @param agency  the agency the credential binds the caller to
 * @param subject the person or system the credential names (an analyst, a records system), for logs and audit
 * @param method  how the identity was proven
 * @param purposes the purposes the credential lets this caller declare (an analyst's identity
 *                 provider maps their claims to them); empty where the credential does not restrict
 *                 them (agency-signed tokens and certificates of system clients): the policy still does
 */
public record CallerIdentity(String agency, String subject, Method method, Optional<Set<String>> purposes) {
    /** Letters, digits and {@code . _ @ -}: safe in logs, audit records and JSON without escaping surprises. */
    public static final Pattern SUBJECT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    public enum Method {
        MTLS,
        BEARER_TOKEN,
        /** An OpenID Connect access token from the agency's identity provider. */
        OIDC
    }

    public CallerIdentity(String agency, String subject, Method method) {
        this(agency, subject, method, Optional.empty());
    }

    public CallerIdentity {
        AgencyIds.require(agency);
        if (subject == null || !SUBJECT_ID.matcher(subject).matches()) {
            throw new IllegalArgumentException("subject '" + subject + "' must match " + SUBJECT_ID.pattern());
        }
        Objects.requireNonNull(method, "method");
        purposes = purposes.map(Set::copyOf);
    }
}
