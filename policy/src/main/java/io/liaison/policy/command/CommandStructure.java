package io.liaison.policy.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The unified command as the MOU declares it ({@code command:} in the policy): the roles each
 * agency holds with their points of contact, and per directive kind who may issue it to whom and
 * whom it escalates to. Validated by {@code PolicyLoader}: every role named resolves, and no
 * escalation path loops.
 *
 * @param purpose the purpose escalations are delivered for; every agency holding a role declares it
 * @param roles roles by reference, in file order
 * @param kinds directive kinds by id, in file order
 */
public record CommandStructure(String purpose, Map<RoleRef, CommandRole> roles, Map<String, DirectiveKind> kinds) {
    public static final CommandStructure NONE = new CommandStructure(null, Map.of(), Map.of());

    public CommandStructure {
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        kinds = Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
    }

    /** Whether {@code agency} holds {@code role}: a role declared under another agency is not held. */
    public boolean holds(String agency, RoleRef role) {
        return role.agency().equals(agency) && roles.containsKey(role);
    }

    public Optional<DirectiveKind> kind(String id) {
        return Optional.ofNullable(kinds.get(id));
    }

    public Optional<CommandRole> role(RoleRef ref) {
        return Optional.ofNullable(roles.get(ref));
    }

    /**
     * Why {@code issuer} may not give a directive of {@code kind} to {@code addressees}, or empty when the MOU
     * allows it. The issuer's holding the role is checked apart ({@link #holds}).
     */
    public Optional<String> directiveRefusal(RoleRef issuer, String kind, Set<RoleRef> addressees) {
        DirectiveKind k = kinds.get(kind);
        if (k == null) {
            return Optional.of("the MOU declares no directive kind '" + kind + "'; kinds: " + kinds.keySet());
        }
        if (addressees.isEmpty()) {
            return Optional.of("a directive names at least one addressee");
        }
        Set<RoleRef> refused = k.notGranted(issuer, addressees);
        if (!refused.isEmpty()) {
            return Optional.of("the MOU does not let " + issuer + " issue " + kind + " to " + refused
                    + "; it may address " + k.grants().getOrDefault(issuer, Set.of()));
        }
        return Optional.empty();
    }

    /** The escalation path of {@code kind}; empty for an unknown kind. */
    public List<EscalationStep> escalation(String kind) {
        DirectiveKind k = kinds.get(kind);
        return k == null ? List.of() : k.escalation();
    }
}
