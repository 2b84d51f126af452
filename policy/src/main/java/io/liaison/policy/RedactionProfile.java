package io.liaison.policy;

import io.liaison.schemas.Sensitivity;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per sensitivity tag, what happens to a leaf carrying it. A leaf's action is the strictest over its
 * effective tags; a tag the profile does not name (including one no schema defines yet) counts as
 * {@link Action#DROP}: default deny applies to fields as it does to messages.
 *
 * @param masks per tag whose action is MASK, how it masks a string; a masked tag not named here masks
 *              {@link MaskStyle#FULL}, and a leaf tagged NAME always does
 */
public record RedactionProfile(
        String name, String description, Map<String, Action> actions, Map<String, MaskStyle> masks) {
    public RedactionProfile {
        actions = Map.copyOf(actions);
        masks = Map.copyOf(masks);
    }

    /**
     * The action for a leaf with these effective tags and the tag that forced it.
     *
     * @param action  the strictest action over the tags
     * @param forcedBy the tag whose action won, or {@code "(untagged)"} for a leaf with no tags
     * @param named   false when the winning tag is not named by the profile (default deny)
     */
    public record Resolution(Action action, String forcedBy, boolean named) {}

    public Resolution resolve(Set<String> tags) {
        if (tags.isEmpty()) {
            return new Resolution(Action.DROP, "(untagged)", false);
        }
        Resolution best = null;
        // Sorted so that ties are broken the same way on every run and every machine.
        for (String tag : new TreeSet<>(tags)) {
            Action named = actions.get(tag);
            Resolution candidate =
                    named == null ? new Resolution(Action.DROP, tag, false) : new Resolution(named, tag, true);
            if (best == null || candidate.action().isStricterThan(best.action())) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * How MASK hides a string leaf with these effective tags: the strictest style among the tags this
     * profile masks, and FULL for a name whatever the other tags say (a surname is not a fragment to
     * confirm, it is the person).
     */
    public MaskStyle maskStyle(Set<String> tags) {
        if (tags.contains(Sensitivity.NAME.name())) {
            return MaskStyle.FULL;
        }
        MaskStyle style = null;
        for (String tag : tags) {
            if (actions.get(tag) == Action.MASK) {
                MaskStyle named = masks.getOrDefault(tag, MaskStyle.FULL);
                if (style == null || named.isStricterThan(style)) {
                    style = named;
                }
            }
        }
        return style == null ? MaskStyle.FULL : style;
    }
}
