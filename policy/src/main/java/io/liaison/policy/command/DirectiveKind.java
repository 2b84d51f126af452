package io.liaison.policy.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One kind of directive the MOU provides for: who may issue it to whom, and its escalation path.
 *
 * @param grants     per issuing role, the roles it may address with this kind
 * @param escalation the ordered path, at least one step, no role twice
 */
public record DirectiveKind(
        String id, String description, Map<RoleRef, Set<RoleRef>> grants, List<EscalationStep> escalation) {
    public DirectiveKind {
        Map<RoleRef, Set<RoleRef>> copy = new LinkedHashMap<>();
        grants.forEach((from, to) -> copy.put(from, Collections.unmodifiableSet(new TreeSet<>(to))));
        grants = Collections.unmodifiableMap(copy);
        escalation = List.copyOf(escalation);
    }

    /** The addressees {@code issuer} may not give this kind to; empty when it may address all of them. */
    public Set<RoleRef> notGranted(RoleRef issuer, Set<RoleRef> addressees) {
        Set<RoleRef> allowed = grants.getOrDefault(issuer, Set.of());
        Set<RoleRef> refused = new TreeSet<>(addressees);
        refused.removeAll(allowed);
        return refused;
    }
}
