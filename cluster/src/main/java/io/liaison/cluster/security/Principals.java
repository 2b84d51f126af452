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
    /** Reads audit and checkpoints: who received what, never the content (docs/encryption.md). */
    public static final String AUDITOR = "auditor";
    /** Reads quarantine and its key topic, and holds the key quarantined inputs are sealed to. */
    public static final String QUARANTINE_OFFICER = "quarantine-officer";
    /**
     * The public complaint intake ({@code liaison complaints serve}): WRITEs sealed complaints, their first status and
     * their audit records, READs the status topic; it holds no key that opens a complaint.
     */
    public static final String COMPLAINTS_INTAKE = "complaints-intake";
    /**
     * Oversight's complaints officer ({@code liaison complaints status|proofs}): READs the sealed complaints (it holds
     * the oversight agency's decryption key), the audit log and checkpoints (for receipts' proofs), WRITEs status and audit.
     */
    public static final String COMPLAINTS_OFFICER = "complaints-officer";
    /** Prefix of each agency's HTTP/SSE consumer gateway user: {@code gateway.<agency>} reads that agency's inbox only. */
    public static final String GATEWAY_PREFIX = "gateway.";

    /** Confluent's schema registry, which keeps its schemas in the {@value #SCHEMA_REGISTRY_TOPIC} topic. */
    public static final String SCHEMA_REGISTRY = "schema-registry";

    public static final String SCHEMA_REGISTRY_TOPIC = "_schemas";

    /** Service users, in the order {@code admin users} lists them. */
    public static final List<String> SERVICES = List.of(
            ADMIN,
            STREAMS,
            CHECKPOINTER,
            AUDITOR,
            QUARANTINE_OFFICER,
            SCHEMA_REGISTRY,
            COMPLAINTS_INTAKE,
            COMPLAINTS_OFFICER);

    private Principals() {}

    /** The principal Kafka's authorizer sees for {@code user}. */
    public static String principal(String user) {
        return "User:" + user;
    }

    /** Every user the backbone needs for these agencies: the services, then each agency and its consumer gateway. */
    public static Set<String> users(Collection<String> agencies) {
        Set<String> users = new LinkedHashSet<>(SERVICES);
        for (String agency : agencies) {
            users.add(requireAgencyUser(agency));
            users.add(gateway(agency));
        }
        return users;
    }

    /**
     * The Kafka user of {@code agency}'s consumer gateway. Its own user rather than the agency's, so
     * that the agency's systems, which log in as the agency, never get the audit WRITE the gateway
     * needs for its subscription records; a dot cannot occur in an agency id, so no agency can take it.
     */
    public static String gateway(String agency) {
        return GATEWAY_PREFIX + requireAgencyUser(agency);
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
