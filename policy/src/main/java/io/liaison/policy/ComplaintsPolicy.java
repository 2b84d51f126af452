package io.liaison.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The MOU's {@code complaints:} section: what a resident may complain about, which agency
 * (oversight) alone receives a complaint, and which of its fields the agency a complaint concerns
 * may be told. The complainant's contact and description of themselves never leave oversight:
 * {@link ComplaintField} has no member for them, so no policy can grant them.
 *
 * @param oversight  the agency every complaint is sealed to
 * @param categories category id to the description the public page shows, in file order
 * @param concernedAgencyReceives the fields of a complaint the concerned agency may receive
 * @param publicAgency the agency that stands for the public, if one does: copies delivered to it are the public
 *                     notices the transparency report counts and the Atom feed lists
 */
public record ComplaintsPolicy(
        String oversight,
        Map<String, String> categories,
        Set<ComplaintField> concernedAgencyReceives,
        Optional<String> publicAgency) {
    /** A field of a complaint that may be shared with the agency it concerns. */
    public enum ComplaintField {
        CATEGORY("category"),
        TIME("time"),
        PLACE("place"),
        DESCRIPTION("description");

        private final String key;

        ComplaintField(String key) {
            this.key = key;
        }

        /** Its name in the policy file and in the complaint form. */
        public String key() {
            return key;
        }

        /** The names a policy may list. */
        public static List<String> keys() {
            return java.util.Arrays.stream(values()).map(ComplaintField::key).toList();
        }
    }

    public ComplaintsPolicy {
        Objects.requireNonNull(oversight, "oversight");
        categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        concernedAgencyReceives = Set.copyOf(concernedAgencyReceives);
        Objects.requireNonNull(publicAgency, "publicAgency");
    }

    public boolean isCategory(String id) {
        return categories.containsKey(id);
    }
}
