package io.liaison.cli.admin;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.topics.AclDiff;
import io.liaison.cluster.topics.AclPlan;
import io.liaison.cluster.topics.AclRule;
import io.liaison.cluster.topics.TopicDiff;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.TopicSpec;
import io.liaison.policy.Policy;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import io.liaison.runtime.config.SettingType;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code liaison admin apply}: makes the cluster's topics and ACLs match the policy. Prints the
 * difference first, then creates what is missing and sets differing topic configs. Never deletes a
 * topic; deletes extra ACLs only with {@code --prune}. Running it twice changes nothing the second time.
 */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        defaultValueProvider = AdminApplyCommand.RetentionDefaults.class,
        description = {
            "Create the backbone's topics (partitions, retention, min ISR) and ACLs from the policy, idempotently.",
            "Prints the difference first: + will be created, = exists as planned, ~ differs, - extra (kept unless --prune)."
        })
final class AdminApplyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminConnection connection;

    @Option(names = "--dry-run", description = "Print the difference and change nothing.")
    boolean dryRun;

    @Option(names = "--prune", description = "Delete ALLOW ACLs the plan does not contain (e.g. of a removed agency).")
    boolean prune;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description =
                    "Partitions of ingress, inbox and quarantine topics: the most Streams tasks per topic; `backbone run` must be "
                            + "pinned to the same count (default: $LIAISON_TOPIC_PARTITIONS, else "
                            + TopicPlan.DEFAULT_PARTITIONS + ").")
    String partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            defaultValue = "" + TopicPlan.DEFAULT_REPLICATION_FACTOR,
            description =
                    "Replicas of every topic; 3 in production (min.insync.replicas becomes 2). Default ${DEFAULT-VALUE}.")
    short replicationFactor;

    @Option(
            names = "--ingress-retention",
            paramLabel = "DURATION",
            description = "How long ingress topics keep messages (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration ingressRetention;

    @Option(
            names = "--inbox-retention",
            paramLabel = "DURATION",
            description =
                    "How long inbox topics keep deliveries of agencies for which the policy declares no retention "
                            + "(ISO-8601, default ${DEFAULT-VALUE}); the policy's retention section wins where it declares one.")
    Duration inboxRetention;

    @Option(
            names = "--streams-application-id",
            paramLabel = "ID",
            defaultValue = AclPlan.DEFAULT_STREAMS_APPLICATION_ID,
            description =
                    "The Streams application id whose group, transactions and internal topics the Streams user may use (default ${DEFAULT-VALUE}).")
    String streamsApplicationId;

    /** TopicPlan's retention defaults, written as an operator writes them (P7D, not Duration's PT168H). */
    static final class RetentionDefaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--ingress-retention" -> SettingType.DURATION.format(TopicPlan.DEFAULT_INGRESS_RETENTION);
                case "--inbox-retention" -> SettingType.DURATION.format(TopicPlan.DEFAULT_INBOX_RETENTION);
                default -> null;
            };
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Policy policy = connection.policy();
        List<TopicSpec> topics;
        SortedSet<AclRule> acls;
        try {
            int count = SettingSources.of(connection.home).require(LiaisonSettings.TOPIC_PARTITIONS, partitions);
            topics = new TopicPlan(count, replicationFactor, ingressRetention, inboxRetention)
                    .topics(policy.agencies(), inboxRetentionByAgency(policy));
            acls = new AclPlan(streamsApplicationId).rules(policy.agencies());
        } catch (IllegalArgumentException e) {
            throw new io.liaison.cli.CliErrors.UserError(e.getMessage(), e);
        }
        try (Admin admin = connection.connect()) {
            ClusterAdmin cluster = connection.cluster(admin);
            TopicDiff topicDiff = cluster.topicDiff(topics);
            AclDiff aclDiff = cluster.aclDiff(acls);
            out.println("Policy " + policy.name() + " (" + policy.version() + "), agencies "
                    + String.join(", ", policy.agencies()));
            printTopics(out, topicDiff);
            printAcls(out, aclDiff);
            if (dryRun) {
                out.println("Dry run: nothing changed.");
                return 0;
            }
            cluster.applyTopics(topicDiff);
            cluster.applyAcls(aclDiff, prune);
            long configs = topicDiff.drifted().stream()
                    .filter(d -> !d.configChanges().isEmpty())
                    .count();
            out.println("Applied: " + topicDiff.missing().size() + " topics created, " + configs
                    + " topic configs set, " + aclDiff.missing().size() + " ACLs created"
                    + (prune ? ", " + aclDiff.extra().size() + " ACLs deleted" : "") + ".");
            return 0;
        } catch (IllegalStateException e) {
            throw AdminConnection.failed(e);
        }
    }

    /**
     * The MOU's retention, where it declares one, wins over {@code --inbox-retention}: an inbox keeps deliveries for
     * the longest term declared for its agency (rounded up to whole 366-day years and 31-day months).
     */
    static Map<String, Duration> inboxRetentionByAgency(Policy policy) {
        Map<String, Duration> out = new TreeMap<>();
        policy.retention().forEach((agency, retention) -> out.put(agency, retention.longestKeep()));
        return out;
    }

    private static void printTopics(PrintWriter out, TopicDiff diff) {
        out.println("Topics:");
        for (TopicSpec spec : diff.missing()) {
            out.println("  + " + spec.name() + "  partitions=" + spec.partitions() + " replicas="
                    + spec.replicationFactor() + " " + new TreeMap<>(spec.configs()));
        }
        for (String name : diff.matching()) {
            out.println("  = " + name);
        }
        for (TopicDiff.Drift drift : diff.drifted()) {
            StringBuilder line = new StringBuilder("  ~ " + drift.spec().name());
            for (Map.Entry<String, String> change : drift.configChanges().entrySet()) {
                line.append("  ")
                        .append(change.getKey())
                        .append(": ")
                        .append(drift.observed().configs().get(change.getKey()))
                        .append(" -> ")
                        .append(change.getValue());
            }
            if (drift.partitionsDiffer()) {
                line.append("  partitions: ")
                        .append(drift.observed().partitions())
                        .append(" (plan ")
                        .append(drift.spec().partitions())
                        .append("; not changed: adding partitions moves keys)");
            }
            if (drift.replicationDiffers()) {
                line.append("  replicas: ")
                        .append(drift.observed().replicationFactor())
                        .append(" (plan ")
                        .append(drift.spec().replicationFactor())
                        .append("; reassign with kafka-reassign-partitions)");
            }
            out.println(line);
        }
    }

    private void printAcls(PrintWriter out, AclDiff diff) {
        out.println("ACLs: " + diff.missing().size() + " to create, "
                + diff.present().size() + " present, " + diff.extra().size() + " extra");
        diff.missing().forEach(r -> out.println("  + " + r));
        diff.extra().forEach(r -> out.println("  - " + r + (prune ? "" : "  (kept; --prune deletes it)")));
        diff.unrecognised().forEach(r -> out.println("  ? " + r + "  (not managed by liaison; left alone)"));
    }
}
