package io.liaison.cluster.security;

import io.liaison.kernel.trust.AgencyIds;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Kafka users of the backbone. Each agency authenticates as its own id ({@code User:cpd});
 * the services below have fixed names, which no agency may take.
 */
public final class Principals {
    /** Super user: creates topics, ACLs and users; the brokers talk to each other as this user. */
    public static final String ADMIN = "admin";
    /** The Streams backbone: reads every ingress, writes inboxes, quarantine and audit. */
    public static final String STREAMS = "liaison-streams";
    /** Publishes signed checkpoints over the audit log. */
    public static final String CHECKPOINTER = "checkpointer";
    /** Reads audit, checkpoints, quarantine and inboxes (who received what). */
    public static final String AUDITOR = "auditor";
    /** The HTTP/SSE consumer gateway: reads every inbox and enforces per-agency access itself. */
    public static final String CONSUMER_GATEWAY = "consumer-gateway";

    /** Confluent's schema registry, which keeps its schemas in the {@value #SCHEMA_REGISTRY_TOPIC} topic. */
    public static final String SCHEMA_REGISTRY = "schema-registry";

    public static final String SCHEMA_REGISTRY_TOPIC = "_schemas";

    /** Service users, in the order {@code admin users} lists them. */
    public static final List<String> SERVICES =
            List.of(ADMIN, STREAMS, CHECKPOINTER, AUDITOR, CONSUMER_GATEWAY, SCHEMA_REGISTRY);

    private Principals() {}

    /** The principal Kafka's authorizer sees for {@code user}. */
    public static String principal(String user) {
        return "User:" + user;
    }

    /** Every user the backbone needs for these agencies: the services, then each agency. */
    public static Set<String> users(Collection<String> agencies) {
        Set<String> users = new LinkedHashSet<>(SERVICES);
        for (String agency : agencies) {
            users.add(requireAgencyUser(agency));
        }
        return users;
    }

    /** An agency id usable as a Kafka user: a valid agency id that is not a service's name. */
    public static String requireAgencyUser(String agency) {
        AgencyIds.require(agency);
        if (SERVICES.contains(agency)) {
            throw new IllegalArgumentException(
                    "agency id '" + agency + "' is reserved for a backbone service user " + SERVICES);
        }
        return agency;
    }
}
