package io.liaison.cluster.topics;

import java.util.Comparator;
import java.util.Objects;

/**
 * One ALLOW entry of the broker's access control list: {@code principal} may perform
 * {@code operation} on resources of {@code resource} kind whose name equals ({@code LITERAL}) or
 * starts with ({@code PREFIXED}) {@code name}, from any host. The enum constants carry the names of
 * Kafka's own {@code ResourceType}, {@code PatternType} and {@code AclOperation}, so the adapter
 * maps them by name and this type stays free of Kafka.
 *
 * @param principal e.g. {@code User:cpd}
 * @param resource  the kind of resource
 * @param name      the topic, group or transactional id, or its prefix
 * @param pattern   whether {@code name} is a whole name or a prefix
 * @param operation what the principal may do
 */
public record AclRule(String principal, Resource resource, String name, Pattern pattern, Operation operation)
        implements Comparable<AclRule> {

    public enum Resource {
        TOPIC,
        GROUP,
        TRANSACTIONAL_ID,
        CLUSTER
    }

    public enum Pattern {
        LITERAL,
        PREFIXED
    }

    public enum Operation {
        READ,
        WRITE,
        CREATE,
        DELETE,
        DESCRIBE,
        DESCRIBE_CONFIGS,
        ALTER_CONFIGS,
        IDEMPOTENT_WRITE
    }

    private static final Comparator<AclRule> ORDER = Comparator.comparing(AclRule::principal)
            .thenComparing(AclRule::resource)
            .thenComparing(AclRule::name)
            .thenComparing(AclRule::pattern)
            .thenComparing(AclRule::operation);

    public AclRule {
        if (principal == null || !principal.startsWith("User:") || principal.length() == "User:".length()) {
            throw new IllegalArgumentException("ACL principal must look like User:<name>, was '" + principal + "'");
        }
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(operation, "operation");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("ACL resource name of " + principal + " must not be empty");
        }
    }

    @Override
    public int compareTo(AclRule other) {
        return ORDER.compare(this, other);
    }

    /** One line, as {@code admin apply} prints it: {@code User:cpd WRITE TOPIC ingress.cpd (LITERAL)}. */
    @Override
    public String toString() {
        return principal + " " + operation + " " + resource + " " + name + " (" + pattern + ")";
    }
}
