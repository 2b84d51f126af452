package io.liaison.cluster.security;

import io.liaison.pki.Passphrase;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Kafka SCRAM user name and its password. The password is a {@link Passphrase}, so printing the
 * credential (or a record holding it) never shows the secret.
 *
 * @param user     the SCRAM user name, an id or two joined by a dot ({@code gateway.cpd}); the Kafka principal is {@code User:<user>}
 * @param password the password; printable ASCII without {@code "} or {@code \}, so it can be quoted in a JAAS line
 */
public record ScramCredential(String user, Passphrase password) {
    private static final Pattern USER = Pattern.compile("[a-z][a-z0-9-]{1,31}(\\.[a-z][a-z0-9-]{1,31})?");
    private static final Pattern JAAS_SAFE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{12,}");

    public ScramCredential {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("Kafka user '" + user + "' must match " + USER.pattern());
        }
        Objects.requireNonNull(password, "password");
        if (!JAAS_SAFE.matcher(new String(password.chars())).matches()) {
            throw new IllegalArgumentException("password of Kafka user " + user
                    + " must be at least 12 printable ASCII characters without spaces, '\"' or '\\'");
        }
    }

    /** The principal Kafka's authorizer sees, e.g. {@code User:cpd}. */
    public String principal() {
        return Principals.principal(user);
    }
}
