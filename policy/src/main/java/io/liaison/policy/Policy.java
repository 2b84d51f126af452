package io.liaison.policy;

import io.liaison.policy.command.CommandStructure;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One validated, immutable version of the MOU. Built only by {@link PolicyLoader}, so every
 * reference inside it (agencies, purposes, profiles, message types) is known to resolve.
 *
 * <p>The version is the SHA-256 of the exact source bytes (see {@link #version()}): approvers sign
 * the bytes they read, comments included, and the bytes travel unchanged on the policy topic.
 */
public final class Policy {
    private final String sourceName;
    private final String source;
    private final String version;
    private final String name;
    private final Map<String, Agency> agencies;
    private final Map<String, String> purposes;
    private final Map<String, Set<String>> publishers;
    private final Map<String, RedactionProfile> profiles;
    private final List<Rule> rules;
    private final ApprovalQuorum approvals;
    private final Map<String, RecipientRetention> retention;
    private final CommandStructure command;
    private final ComplaintsPolicy complaints;

    Policy(
            String sourceName,
            String source,
            String version,
            String name,
            Map<String, Agency> agencies,
            Map<String, String> purposes,
            Map<String, Set<String>> publishers,
            Map<String, RedactionProfile> profiles,
            List<Rule> rules,
            ApprovalQuorum approvals,
            Map<String, RecipientRetention> retention,
            CommandStructure command,
            ComplaintsPolicy complaints) {
        this.sourceName = sourceName;
        this.source = source;
        this.version = version;
        this.name = name;
        this.agencies = Collections.unmodifiableMap(new LinkedHashMap<>(agencies));
        this.purposes = Collections.unmodifiableMap(new LinkedHashMap<>(purposes));
        Map<String, Set<String>> pubs = new LinkedHashMap<>();
        publishers.forEach((agency, types) -> pubs.put(agency, Set.copyOf(types)));
        this.publishers = Collections.unmodifiableMap(pubs);
        this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        this.rules = List.copyOf(rules);
        this.approvals = approvals;
        this.retention = Collections.unmodifiableMap(new LinkedHashMap<>(retention));
        this.command = command;
        this.complaints = complaints;
    }

    /** {@code "sha256:"} + lower-case hex of the SHA-256 of the source's UTF-8 bytes. */
    public String version() {
        return version;
    }

    /** Where the policy was read from (a file name, or {@code policy-topic}). */
    public String sourceName() {
        return sourceName;
    }

    /** The exact YAML text; its UTF-8 bytes are what the version hashes and what approvers sign. */
    public String source() {
        return source;
    }

    public String name() {
        return name;
    }

    /** Agency ids in the order the policy declares them. */
    public Set<String> agencies() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(agencies.keySet()));
    }

    public Optional<Agency> agency(String id) {
        return Optional.ofNullable(agencies.get(id));
    }

    /** Purpose ids with their descriptions. */
    public Map<String, String> purposes() {
        return purposes;
    }

    /** The publisher-authority table: may {@code sender} issue messages of {@code messageType}? */
    public boolean mayIssue(String sender, String messageType) {
        return publishers.getOrDefault(sender, Set.of()).contains(messageType);
    }

    /** Message types {@code agency} may issue, sorted. */
    public Set<String> issuableBy(String agency) {
        return Collections.unmodifiableSet(new TreeSet<>(publishers.getOrDefault(agency, Set.of())));
    }

    public Optional<RedactionProfile> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    public Map<String, RedactionProfile> profiles() {
        return profiles;
    }

    /** Rules in file order. */
    public List<Rule> rules() {
        return rules;
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Who must approve this policy's successor. */
    public ApprovalQuorum approvals() {
        return approvals;
    }

    /** The declared {@code retention:} per recipient agency, in file order; agencies without one are absent. */
    public Map<String, RecipientRetention> retention() {
        return retention;
    }

    /** The retention term for {@code messageType} delivered to {@code recipient}, if the policy declares one. */
    public Optional<RetentionTerm> retention(String recipient, String messageType) {
        return Optional.ofNullable(retention.get(recipient)).map(r -> r.forType(messageType));
    }

    /** The unified command: roles, points of contact, who may direct whom, escalation paths ({@code command:}). */
    public CommandStructure command() {
        return command;
    }

    /** The declared {@code complaints:} section; empty when the MOU takes no complaints from the public. */
    public Optional<ComplaintsPolicy> complaints() {
        return Optional.ofNullable(complaints);
    }

    /** Top-level payload fields some rule for {@code messageType} matches on; see {@link PolicyEngine#attributes}. */
    public Set<String> attributeFields(String messageType) {
        Set<String> fields = new TreeSet<>();
        for (Rule rule : rules) {
            if (rule.match().messageTypes().contains(messageType)) {
                fields.addAll(rule.match().attributes().keySet());
            }
        }
        return fields;
    }

    @Override
    public String toString() {
        return "Policy[" + name + " " + version + " from " + sourceName + "]";
    }
}
