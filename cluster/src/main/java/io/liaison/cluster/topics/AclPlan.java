package io.liaison.cluster.topics;

import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.AclRule.Operation;
import io.liaison.cluster.topics.AclRule.Pattern;
import io.liaison.cluster.topics.AclRule.Resource;
import io.liaison.kernel.trust.AgencyIds;
import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who may do what on the broker, derived from the agencies of the policy: the broker-side half of
 * "no agency reads or writes another agency's topics". The broker denies everything not listed
 * ({@code allow.everyone.if.no.acl.found=false}); the admin user needs no entry (it is a super user).
 *
 * <ul>
 *   <li>each agency: WRITE its own ingress, READ its own inbox, key topic and complaint referrals, consumer groups
 *       named {@code <agency>.*},
 *       READ policy and trust (its ingest follows them, so a revocation applies without a restart);
 *   <li>each agency's consumer gateway ({@code gateway.<agency>}): READ that agency's inbox and key topic, WRITE audit,
 *       READ policy and trust (it follows them live);
 *   <li>{@value Principals#STREAMS}: READ every ingress, WRITE every inbox, key topic, quarantine, its key topic and audit,
 *       READ policy and trust, and its application id's group, transactional ids and internal topics;
 *   <li>{@value Principals#CHECKPOINTER}: READ audit, READ and WRITE checkpoints;
 *   <li>{@value Principals#AUDITOR}: READ audit and checkpoints only: metadata and digests, never an inbox or
 *       quarantined content;
 *   <li>{@value Principals#QUARANTINE_OFFICER}: READ quarantine and its key topic;
 *   <li>{@value Principals#COMPLAINTS_INTAKE}: WRITE complaints, the status topic and audit, READ the status topic,
 *       its own transactional ids; nothing that names an agency's messages;
 *   <li>{@value Principals#COMPLAINTS_OFFICER}: READ complaints, audit and checkpoints, READ and WRITE the status
 *       topic, WRITE audit and every agency's referral topic, its own transactional ids;
 *   <li>{@value Principals#SCHEMA_REGISTRY}: its own {@value Principals#SCHEMA_REGISTRY_TOPIC} topic and
 *       {@code schema-registry*} groups (Confluent's registry stores schemas in Kafka).
 * </ul>
 *
 * @param streamsApplicationId the Streams application id: its consumer group, the prefix of its
 *                             transactional ids and of its internal topics
 */
public record AclPlan(String streamsApplicationId) {
    /**
     * The backbone's Streams application id unless configured otherwise: declared here, the lowest
     * module that needs it, so that the ACLs and the Streams config cannot drift apart.
     */
    public static final String DEFAULT_STREAMS_APPLICATION_ID = "liaison-backbone";

    public AclPlan {
        if (!validApplicationId(streamsApplicationId)) {
            throw new IllegalArgumentException(
                    "streamsApplicationId must be a non-empty Kafka name ([a-zA-Z0-9._-]), was '" + streamsApplicationId
                            + "'");
        }
    }

    /** Whether {@code id} can name a consumer group, transactional id prefix and topic prefix. */
    public static boolean validApplicationId(String id) {
        return id != null && id.matches("[a-zA-Z0-9._-]+");
    }

    public static AclPlan defaults() {
        return new AclPlan(DEFAULT_STREAMS_APPLICATION_ID);
    }

    /** The complete, sorted rule set for these agencies. */
    public SortedSet<AclRule> rules(Collection<String> agencies) {
        Grants grants = new Grants();
        for (String agency : new TreeSet<>(agencies)) {
            String user = Principals.principal(Principals.requireAgencyUser(agency));
            grants.topic(user, Topics.ingress(agency), Pattern.LITERAL, Operation.WRITE, Operation.DESCRIBE);
            grants.topic(user, Topics.inbox(agency), Pattern.LITERAL, Operation.READ, Operation.DESCRIBE);
            grants.topic(user, Topics.keys(agency), Pattern.LITERAL, Operation.READ, Operation.DESCRIBE);
            grants.topic(user, Topics.referrals(agency), Pattern.LITERAL, Operation.READ, Operation.DESCRIBE);
            grants.add(user, Resource.GROUP, groupPrefix(agency), Pattern.PREFIXED, Operation.READ);
            grants.topic(user, Topics.POLICY, Pattern.LITERAL, Operation.READ);
            grants.topic(user, Topics.TRUST, Pattern.LITERAL, Operation.READ);

            String gateway = Principals.principal(Principals.gateway(agency));
            grants.topic(gateway, Topics.inbox(agency), Pattern.LITERAL, Operation.READ, Operation.DESCRIBE);
            grants.topic(gateway, Topics.keys(agency), Pattern.LITERAL, Operation.READ, Operation.DESCRIBE);
            // it records every subscription and every refused request in the dissemination log
            grants.topic(gateway, Topics.AUDIT, Pattern.LITERAL, Operation.WRITE, Operation.DESCRIBE);
            grants.topic(gateway, Topics.POLICY, Pattern.LITERAL, Operation.READ);
            grants.topic(gateway, Topics.TRUST, Pattern.LITERAL, Operation.READ);
        }

        String streams = Principals.principal(Principals.STREAMS);
        grants.topic(streams, Topics.INGRESS_PREFIX, Pattern.PREFIXED, Operation.READ, Operation.DESCRIBE);
        grants.topic(streams, Topics.INBOX_PREFIX, Pattern.PREFIXED, Operation.WRITE, Operation.DESCRIBE);
        grants.topic(streams, Topics.KEYS_PREFIX, Pattern.PREFIXED, Operation.WRITE, Operation.DESCRIBE);
        grants.topic(streams, Topics.QUARANTINE, Pattern.LITERAL, Operation.WRITE, Operation.DESCRIBE);
        grants.topic(streams, Topics.QUARANTINE_KEYS, Pattern.LITERAL, Operation.WRITE, Operation.DESCRIBE);
        grants.topic(streams, Topics.AUDIT, Pattern.LITERAL, Operation.WRITE, Operation.DESCRIBE);
        // its own command events: written by the backbone processor, read by the directive tracker
        grants.topic(streams, Topics.COMMAND, Pattern.LITERAL, Operation.READ, Operation.WRITE, Operation.DESCRIBE);
        grants.topic(streams, Topics.POLICY, Pattern.LITERAL, Operation.READ, Operation.DESCRIBE);
        grants.topic(streams, Topics.TRUST, Pattern.LITERAL, Operation.READ, Operation.DESCRIBE);
        grants.add(streams, Resource.GROUP, streamsApplicationId, Pattern.PREFIXED, Operation.READ);
        grants.add(
                streams,
                Resource.TRANSACTIONAL_ID,
                streamsApplicationId,
                Pattern.PREFIXED,
                Operation.WRITE,
                Operation.DESCRIBE);
        // Changelog and repartition topics are named <application.id>-<store>-changelog etc.
        grants.topic(
                streams,
                streamsApplicationId + "-",
                Pattern.PREFIXED,
                Operation.CREATE,
                Operation.READ,
                Operation.WRITE,
                Operation.DESCRIBE,
                Operation.DESCRIBE_CONFIGS);

        String checkpointer = Principals.principal(Principals.CHECKPOINTER);
        grants.topic(checkpointer, Topics.AUDIT, Pattern.LITERAL, Operation.READ, Operation.DESCRIBE);
        grants.topic(
                checkpointer, Topics.CHECKPOINTS, Pattern.LITERAL, Operation.READ, Operation.WRITE, Operation.DESCRIBE);

        String auditor = Principals.principal(Principals.AUDITOR);
        for (String topic : Set.of(Topics.AUDIT, Topics.CHECKPOINTS)) {
            grants.topic(auditor, topic, Pattern.LITERAL, Operation.READ, Operation.DESCRIBE);
        }

        String officer = Principals.principal(Principals.QUARANTINE_OFFICER);
        for (String topic : Set.of(Topics.QUARANTINE, Topics.QUARANTINE_KEYS)) {
            grants.topic(officer, topic, Pattern.LITERAL, Operation.READ, Operation.DESCRIBE);
        }

        String intake = Principals.principal(Principals.COMPLAINTS_INTAKE);
        grants.topic(intake, Topics.COMPLAINTS, Pattern.LITERAL, Operation.WRITE, Operation.DESCRIBE);
        grants.topic(
                intake, Topics.COMPLAINT_STATUS, Pattern.LITERAL, Operation.READ, Operation.WRITE, Operation.DESCRIBE);
        grants.topic(intake, Topics.AUDIT, Pattern.LITERAL, Operation.WRITE, Operation.DESCRIBE);
        grants.add(
                intake,
                Resource.TRANSACTIONAL_ID,
                Principals.COMPLAINTS_INTAKE,
                Pattern.PREFIXED,
                Operation.WRITE,
                Operation.DESCRIBE);

        String complaintsOfficer = Principals.principal(Principals.COMPLAINTS_OFFICER);
        for (String topic : Set.of(Topics.COMPLAINTS, Topics.AUDIT, Topics.CHECKPOINTS)) {
            grants.topic(complaintsOfficer, topic, Pattern.LITERAL, Operation.READ, Operation.DESCRIBE);
        }
        grants.topic(complaintsOfficer, Topics.COMPLAINT_STATUS, Pattern.LITERAL, Operation.READ, Operation.WRITE);
        grants.topic(complaintsOfficer, Topics.AUDIT, Pattern.LITERAL, Operation.WRITE);
        grants.topic(complaintsOfficer, Topics.REFERRALS_PREFIX, Pattern.PREFIXED, Operation.WRITE, Operation.DESCRIBE);
        grants.add(
                complaintsOfficer,
                Resource.TRANSACTIONAL_ID,
                Principals.COMPLAINTS_OFFICER,
                Pattern.PREFIXED,
                Operation.WRITE,
                Operation.DESCRIBE);

        String registry = Principals.principal(Principals.SCHEMA_REGISTRY);
        grants.topic(
                registry,
                Principals.SCHEMA_REGISTRY_TOPIC,
                Pattern.LITERAL,
                Operation.CREATE,
                Operation.READ,
                Operation.WRITE,
                Operation.DESCRIBE,
                Operation.DESCRIBE_CONFIGS);
        grants.add(registry, Resource.GROUP, Principals.SCHEMA_REGISTRY, Pattern.PREFIXED, Operation.READ);
        return grants.rules;
    }

    /** Consumer groups an agency may use: {@code <agency>.<anything>} (e.g. {@code cpd.sdk}). */
    public static String groupPrefix(String agency) {
        return AgencyIds.require(agency) + ".";
    }

    private static final class Grants {
        private final SortedSet<AclRule> rules = new TreeSet<>();

        void topic(String principal, String name, Pattern pattern, Operation... operations) {
            add(principal, Resource.TOPIC, name, pattern, operations);
        }

        void add(String principal, Resource resource, String name, Pattern pattern, Operation... operations) {
            for (Operation operation : operations) {
                rules.add(new AclRule(principal, resource, name, pattern, operation));
            }
        }
    }
}
