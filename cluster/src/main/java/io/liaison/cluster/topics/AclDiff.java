package io.liaison.cluster.topics;

import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How the broker's ACLs differ from an {@link AclPlan}.
 *
 * @param missing      planned rules the broker lacks (created by {@code admin apply})
 * @param present      planned rules the broker has
 * @param extra        ALLOW rules the broker has that the plan does not (removed only with {@code --prune})
 * @param unrecognised entries the plan's vocabulary cannot express (DENY rules, host-specific or
 *                     other operations), as the broker printed them; listed, never removed
 */
public record AclDiff(
        SortedSet<AclRule> missing, SortedSet<AclRule> present, SortedSet<AclRule> extra, List<String> unrecognised) {
    public AclDiff {
        missing = new TreeSet<>(missing);
        present = new TreeSet<>(present);
        extra = new TreeSet<>(extra);
        unrecognised = List.copyOf(unrecognised);
    }

    public static AclDiff compare(Collection<AclRule> plan, Collection<AclRule> existing, List<String> unrecognised) {
        SortedSet<AclRule> missing = new TreeSet<>(plan);
        missing.removeAll(existing);
        SortedSet<AclRule> present = new TreeSet<>(plan);
        present.retainAll(existing);
        SortedSet<AclRule> extra = new TreeSet<>(existing);
        extra.removeAll(plan);
        return new AclDiff(missing, present, extra, unrecognised);
    }

    public boolean inSync() {
        return missing.isEmpty() && extra.isEmpty();
    }
}
