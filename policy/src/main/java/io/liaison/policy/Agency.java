package io.liaison.policy;

import java.util.List;

/**
 * A party to the MOU.
 *
 * @param id       the agency id used in envelopes, topics and certificates (e.g. {@code cpd})
 * @param name     display name
 * @param role     what kind of party it is (free-form, documented in the policy)
 * @param purposes the purposes of use this agency may declare
 * @param standing the purposes under which its inbox feed receives messages, in the order they are tried
 */
public record Agency(String id, String name, String role, List<String> purposes, List<String> standing) {
    public Agency {
        purposes = List.copyOf(purposes);
        standing = List.copyOf(standing);
    }
}
