package io.liaison.cluster.admin;

import io.liaison.cluster.security.ScramCredential;
import io.liaison.cluster.topics.AclDiff;
import io.liaison.cluster.topics.AclRule;
import io.liaison.cluster.topics.TopicDiff;
import io.liaison.cluster.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka side of {@code liaison admin}: reads what the cluster has into the plain values of
 * {@link TopicDiff} and {@link AclDiff}, and applies a diff. Deciding what should exist is
 * {@link io.liaison.cluster.topics.TopicPlan} and {@link io.liaison.cluster.topics.AclPlan}'s job.
 * Needs a super user's (or an equally privileged) admin client.
 */
public final class ClusterAdmin {
    /** SCRAM iterations for users created here (Kafka's minimum is 4096). */
    public static final int SCRAM_ITERATIONS = 8192;

    private static final String ANY_HOST = "*";

    private final Admin admin;
    private final Duration timeout;

    public ClusterAdmin(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Compares the planned topics with the cluster's. */
    public TopicDiff topicDiff(List<TopicSpec> plan) {
        Set<String> names = await("list topics", admin.listTopics().names());
        List<String> existing =
                plan.stream().map(TopicSpec::name).filter(names::contains).toList();
        Map<String, TopicDescription> descriptions = existing.isEmpty()
                ? Map.of()
                : await("describe topics", admin.describeTopics(existing).allTopicNames());
        Map<ConfigResource, Config> configs = existing.isEmpty()
                ? Map.of()
                : await(
                        "describe topic configs",
                        admin.describeConfigs(existing.stream()
                                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                                        .toList())
                                .all());
        Map<String, TopicDiff.Observed> observed = new HashMap<>();
        for (String name : existing) {
            TopicDescription d = descriptions.get(name);
            Map<String, String> values = new HashMap<>();
            for (ConfigEntry entry : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .entries()) {
                if (entry.value() != null) {
                    values.put(entry.name(), entry.value());
                }
            }
            observed.put(
                    name,
                    new TopicDiff.Observed(
                            d.partitions().size(),
                            (short) d.partitions().get(0).replicas().size(),
                            values));
        }
        return TopicDiff.compare(plan, observed);
    }

    /** Creates the missing topics and sets differing configs; partition counts and replicas are left alone. */
    /** Creates what the plan lacks and aligns configs that differ: {@code applyTopics(topicDiff(plan))}. */
    public TopicDiff ensureTopics(List<TopicSpec> plan) {
        TopicDiff diff = topicDiff(plan);
        applyTopics(diff);
        return diff;
    }

    public void applyTopics(TopicDiff diff) {
        if (!diff.missing().isEmpty()) {
            List<NewTopic> topics = diff.missing().stream()
                    .map(s -> new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.configs()))
                    .toList();
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another apply raced us: fine
                        throw new IllegalStateException(
                                "cannot create topic " + name + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                } catch (InterruptedException | TimeoutException e) {
                    throw failure("create topic " + name, e);
                }
            });
        }
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (TopicDiff.Drift drift : diff.drifted()) {
            if (!drift.configChanges().isEmpty()) {
                changes.put(
                        new ConfigResource(
                                ConfigResource.Type.TOPIC, drift.spec().name()),
                        drift.configChanges().entrySet().stream()
                                .map(e -> new AlterConfigOp(
                                        new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                                .toList());
            }
        }
        if (!changes.isEmpty()) {
            await("alter topic configs", admin.incrementalAlterConfigs(changes).all());
        }
    }

    /** Compares the planned ACLs with every ACL on the cluster. */
    public AclDiff aclDiff(Collection<AclRule> plan) {
        Collection<AclBinding> bindings =
                await("describe ACLs", admin.describeAcls(AclBindingFilter.ANY).values());
        List<AclRule> existing = new ArrayList<>();
        List<String> unrecognised = new ArrayList<>();
        for (AclBinding binding : bindings) {
            AclRule rule = toRule(binding);
            if (rule == null) {
                unrecognised.add(binding.toString());
            } else {
                existing.add(rule);
            }
        }
        return AclDiff.compare(plan, existing, unrecognised);
    }

    /** Creates the missing ACLs, and deletes the extra ones only when {@code prune} is set. */
    public void applyAcls(AclDiff diff, boolean prune) {
        if (!diff.missing().isEmpty()) {
            await(
                    "create ACLs",
                    admin.createAcls(diff.missing().stream()
                                    .map(ClusterAdmin::toBinding)
                                    .toList())
                            .all());
        }
        if (prune && !diff.extra().isEmpty()) {
            await(
                    "delete ACLs",
                    admin.deleteAcls(diff.extra().stream()
                                    .map(r -> toBinding(r).toFilter())
                                    .toList())
                            .all());
        }
    }

    /** Users that have a SCRAM credential on the cluster. */
    public Set<String> scramUsers() {
        return new TreeSet<>(await(
                "describe SCRAM users", admin.describeUserScramCredentials().users()));
    }

    /** Creates each user, or sets its password when it exists (how passwords are rotated). */
    public void upsertUsers(Collection<ScramCredential> credentials) {
        if (credentials.isEmpty()) {
            return;
        }
        await(
                "create SCRAM users",
                admin.alterUserScramCredentials(credentials.stream()
                                .<UserScramCredentialAlteration>map(c -> new UserScramCredentialUpsertion(
                                        c.user(),
                                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                                        new String(c.password().chars())))
                                .toList())
                        .all());
    }

    static AclBinding toBinding(AclRule rule) {
        return new AclBinding(
                new ResourcePattern(
                        ResourceType.valueOf(rule.resource().name()),
                        rule.name(),
                        PatternType.valueOf(rule.pattern().name())),
                new AccessControlEntry(
                        rule.principal(),
                        ANY_HOST,
                        AclOperation.valueOf(rule.operation().name()),
                        AclPermissionType.ALLOW));
    }

    /** The rule a binding expresses, or null when it is not an any-host ALLOW rule in the plan's vocabulary. */
    static AclRule toRule(AclBinding binding) {
        AccessControlEntry entry = binding.entry();
        ResourcePattern pattern = binding.pattern();
        if (entry.permissionType() != AclPermissionType.ALLOW
                || !ANY_HOST.equals(entry.host())
                || !entry.principal().startsWith("User:")) {
            return null;
        }
        try {
            return new AclRule(
                    entry.principal(),
                    AclRule.Resource.valueOf(pattern.resourceType().name()),
                    pattern.name(),
                    AclRule.Pattern.valueOf(pattern.patternType().name()),
                    AclRule.Operation.valueOf(entry.operation().name()));
        } catch (IllegalArgumentException e) { // an operation, resource or pattern type the plan never uses
            return null;
        }
    }

    private <T> T await(String what, KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw failure(what, e);
        }
    }

    private static IllegalStateException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException(
                "cannot " + what + ": " + (e instanceof TimeoutException ? "no answer in time" : "interrupted"), e);
    }
}
