package io.liaison.cli.expunge;

import io.liaison.cli.CliErrors;
import io.liaison.cli.ClusterOptions;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.kernel.trust.AgencyIds;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryException;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.expunge.ExpungePlan;
import io.liaison.runtime.expunge.ExpungePlan.IngressOriginal;
import io.liaison.runtime.expunge.ExpungePlan.Key;
import io.liaison.runtime.expunge.Expunger;
import io.liaison.schemas.audit.AuditRecord;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "expunge",
        mixinStandardHelpOptions = true,
        description = {
            "Make every stored copy of one message permanently unreadable on an order (crypto-shredding, docs/encryption.md):",
            "tombstone the data key of each inbox copy and of its quarantined original in their "
                    + "compacted key topics, and append one EXPUNGED audit record naming the order, in one "
                    + "transaction. The log keeps every record, so `audit verify` still passes, and the "
                    + "transparency report counts the expungement.",
            "The message's ingress record carries its data key inline: it stays until ingress retention deletes it.",
            "Runs as the admin. Exit 0 when expunged or already expunged (nothing written twice), 1 for an unknown message."
        })
public final class ExpungeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    KafkaLoginOptions login;

    @Parameters(index = "0", paramLabel = "MESSAGE_ID", description = "The message to expunge.")
    String messageId;

    @Option(
            names = "--sender",
            required = true,
            paramLabel = "AGENCY",
            description = "The agency that sent it (message ids are unique per sender).")
    String sender;

    @Option(
            names = "--order",
            required = true,
            paramLabel = "REF",
            description = "Reference of the order requiring it (court, case number), written to the audit log.")
    String order;

    @Override
    public Integer call() {
        try {
            AgencyIds.require(sender);
            ExpungePlan.requireOrderRef(order);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        LiaisonHome home = LiaisonHome.resolve();
        Map<String, Object> kafka = login.properties(home, Principals.ADMIN);
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(home));
        AvroCodec codec = new AvroCodec(new ConfluentRegistryClient(cluster.registry(home)), true);
        Expunger expunger = new Expunger(kafka, codec, "liaison-expunge@" + hostname(), Clock.systemUTC());
        Expunger.Outcome outcome;
        try {
            outcome = expunger.expunge(sender, messageId, order, (read, total) -> {});
        } catch (KafkaException | RegistryException | IllegalArgumentException e) {
            throw new CliErrors.UserError(
                    "cannot expunge " + messageId + ": " + e.getMessage()
                            + " (nothing was destroyed or recorded: the transaction did not commit)",
                    e);
        }
        if (outcome instanceof Expunger.Outcome.Unknown unknown) {
            throw new CliErrors.UserError(unknown.sentence() + ": nothing expunged");
        }
        if (outcome instanceof Expunger.Outcome.AlreadyExpunged already) {
            AuditRecord r = already.earlier();
            out.printf(
                    "already expunged: message %s from %s, on order %s at %s (audit record %s); nothing written%n",
                    messageId, sender, r.getReasonCode(), r.getEventTime(), r.getRecordId());
            return 0;
        }
        Expunger.Outcome.Expunged done = (Expunger.Outcome.Expunged) outcome;
        out.printf("expunged message %s from %s on order %s%n", messageId, sender, order);
        for (Key k : done.destroyed()) {
            out.printf(
                    "  destroyed data key %s in %s: %s partition %d offset %d no longer opens%n",
                    k.keyRef(), k.keyTopic(), k.copyTopic(), k.copyPartition(), k.copyOffset());
        }
        for (Key k : done.missing()) {
            out.printf(
                    "  %s partition %d offset %d: its data key %s was already gone from %s%n",
                    k.copyTopic(), k.copyPartition(), k.copyOffset(), k.keyRef(), k.keyTopic());
        }
        for (IngressOriginal i : done.ingress()) {
            out.printf(
                    "  NOT SHREDDED: %s partition %d offset %d, sealed to the backbone with its data key inline,"
                            + " stays until the topic's retention deletes it%n",
                    i.topic(), i.partition(), i.offset());
        }
        out.printf(
                "audit record %s appended: EXPUNGED, order %s%n", done.record().getRecordId(), order);
        out.printf(
                "Tombstoned keys leave the brokers' disks within about %d days (key topic compaction);"
                        + " backups of key topics and what recipients already opened are beyond reach.%n",
                2 * TopicPlan.KEY_SHREDDING_BOUND.toDays());
        return 0;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
