package io.liaison.policy.command;

import java.util.Optional;

/**
 * A role of one agency in the unified command, written {@code agency/role} in the policy and in
 * directives (e.g. {@code cpd/incident-commander}).
 */
public record RoleRef(String agency, String role) implements Comparable<RoleRef> {
    public RoleRef {
        if (agency == null || agency.isBlank() || role == null || role.isBlank()) {
            throw new IllegalArgumentException("a role names its agency and its role, got " + agency + "/" + role);
        }
    }

    /** {@code agency/role}, or empty when {@code text} is not of that form. */
    public static Optional<RoleRef> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new RoleRef(text.substring(0, slash), text.substring(slash + 1)));
    }

    @Override
    public int compareTo(RoleRef other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return agency + "/" + role;
    }
}
