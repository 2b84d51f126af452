package io.liaison.cli.audit;

import io.liaison.audit.report.NoticeFeed;
import io.liaison.audit.report.ReportFiles;
import io.liaison.cli.CliErrors;
import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.CopyVerifier;
import io.liaison.consumer.InboxItem;
import io.liaison.consumer.KeyTopic;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.policy.ComplaintsPolicy;
import io.liaison.policy.Policy;
import io.liaison.registry.AvroCodec;
import io.liaison.runtime.StartupRefusedException;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PkiMaterial;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liaison report site --out DIR [--every DURATION]}: the transparency report as a static site
 * tied to a checkpoint, and the public notices as an Atom feed. The feed is built here, from the
 * public agency's own inbox copies opened with its key and verified like any copy, rather than served
 * by that agency's consumer gateway: the site is static files, so nothing the public reaches holds a
 * key or a Kafka login, and this process needs no more than the auditor's read of the log and the
 * public agency's read of its inbox.
 */
@Command(
        name = "site",
        mixinStandardHelpOptions = true,
        description = {
            "Write the transparency report as a static site: index.html, report.json, checkpoint.note "
                    + "(the signed checkpoint it counts: tree size and root hash, its signature verified here) "
                    + "and notices.atom (public notices:",
            "CommunityNotice copies delivered to the policy's complaints.publicAgency, each opened "
                    + "with that agency's key and verified like any copy). Files are replaced atomically. With "
                    + "--every, regenerate on that schedule until stopped; a failed run is reported and the "
                    + "previous site stays as it was.",
            "Kafka: the log as auditor, the public inbox as the public agency (--notices-user)."
        })
public final class ReportSiteCommand implements Callable<Integer> {
    public static final String INDEX = "index.html";
    public static final String NOTE = "checkpoint.note";

    @Spec
    CommandSpec spec;

    @Mixin
    LogSource source;

    @Mixin
    Trust trust;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory of the site.")
    Path out;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description =
                    "The policy in force, which names the rows (default: $LIAISON_POLICY, else connection.properties).")
    String policyFile;

    @Option(
            names = "--k",
            paramLabel = "K",
            defaultValue = "10",
            description = "Suppression threshold: counts from 1 to K-1 are shown as <K (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(
            names = "--every",
            paramLabel = "DURATION",
            description = "Regenerate every DURATION (ISO-8601, e.g. PT15M) until stopped; at least PT1M.")
    Duration every;

    @Option(
            names = "--no-notices",
            description = "Leave out notices.atom (a generator without the public agency's key).")
    boolean noNotices;

    @Option(
            names = "--notices-user",
            paramLabel = "USER",
            description = "Kafka user that reads the public inbox (default: the public agency).")
    String noticesUser;

    @Option(names = "--key-passphrase-file", paramLabel = "FILE", description = "Passphrase of an encrypted key.")
    Path keyPassphraseFile;

    @Override
    public Integer call() throws InterruptedException {
        if (every == null) {
            generate();
            return 0;
        }
        if (every.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new CliErrors.UserError("--every must be at least PT1M, was " + every);
        }
        PrintWriter err = spec.commandLine().getErr();
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch stopped = new CountDownLatch(1);
        schedule.scheduleWithFixedDelay(
                () -> {
                    try {
                        generate();
                    } catch (RuntimeException e) {
                        err.println(Instant.now() + " site not regenerated, the previous one stays: " + e.getMessage());
                        err.flush();
                    }
                },
                0,
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            schedule.shutdownNow();
                            stopped.countDown();
                        },
                        "liaison-report-site-shutdown"));
        spec.commandLine().getOut().println("regenerating every " + every + "; stop with SIGTERM or Ctrl-C");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /** One generation: everything is computed and verified before any file is replaced. */
    void generate() {
        Policy policy = ReportCommand.policy(policyFile);
        ReportCommand.Computed computed = ReportCommand.compute(
                source, trust, policy, null, null, k, spec.commandLine().getErr());
        Map<String, String> files = new HashMap<>();
        files.put(INDEX, ReportFiles.html(computed.report()));
        files.put(ReportFiles.JSON, ReportFiles.json(computed.report()));
        files.put(NOTE, computed.note().note());
        int notices = -1;
        if (!noNotices) {
            String publicAgency = policy.complaints()
                    .flatMap(ComplaintsPolicy::publicAgency)
                    .orElseThrow(() -> new CliErrors.UserError(
                            "the policy declares no complaints.publicAgency, so there is no public inbox to publish"
                                    + " notices from; pass --no-notices"));
            List<NoticeFeed.Notice> verified = notices(policy, publicAgency);
            notices = verified.size();
            files.put(
                    NoticeFeed.FILE,
                    NoticeFeed.atom(
                            "tag:liaison:notices:"
                                    + computed.report().checkpoint().origin(),
                            "Public notices: " + policy.name(),
                            verified,
                            Clock.systemUTC().instant()));
        }
        try {
            Files.createDirectories(out);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path tmp = out.resolve("." + f.getKey() + ".tmp");
                Files.writeString(tmp, f.getValue(), StandardCharsets.UTF_8);
                Files.move(
                        tmp,
                        out.resolve(f.getKey()),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write the site to " + out + ": " + e.getMessage(), e);
        }
        var checkpoint = computed.report().checkpoint();
        spec.commandLine()
                .getOut()
                .printf(
                        "%s site %s: checkpoint %s size %d root %s, %d decisions%s%n",
                        Instant.now(),
                        out,
                        checkpoint.origin(),
                        checkpoint.size(),
                        checkpoint.rootHex(),
                        computed.report().total(),
                        notices < 0 ? "" : ", " + notices + " public notices");
        spec.commandLine().getOut().flush();
    }

    /** Every CommunityNotice copy in the public inbox that opens with the public agency's key and verifies. */
    private List<NoticeFeed.Notice> notices(Policy policy, String publicAgency) {
        LiaisonHome home = LiaisonHome.resolve();
        PkiDirectory pki = PkiDirectory.at(trust.pkiDirectory()
                .orElseThrow(() -> new CliErrors.UserError("notices need the PKI directory (--pki-dir) for the "
                        + publicAgency + " agency's key, or pass --no-notices")));
        DecryptionKeys keys;
        try {
            keys = PkiMaterial.decryptionKeys(pki, publicAgency, keyPassphraseFile);
        } catch (StartupRefusedException | PkiException e) {
            throw new CliErrors.UserError(e.getMessage(), e);
        }
        AvroCodec codec = new AvroCodec(
                source.registry()
                        .orElseThrow(() -> new CliErrors.UserError(
                                "notices need the schema registry to decode payloads (--registry-url)")),
                false);
        Map<String, Object> kafka =
                new HashMap<>(source.login.propertiesAs(home, noticesUser != null ? noticesUser : publicAgency));
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers.require(home));
        kafka.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        kafka.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<NoticeFeed.Notice> out = new ArrayList<>();
        String topic = Topics.inbox(publicAgency);
        int refused = 0;
        try (KeyTopic dataKeys = KeyTopic.open(Topics.keys(publicAgency), kafka, KeyTopic.DEFAULT_MAX_WAIT);
                KafkaConsumer<String, byte[]> consumer =
                        new KafkaConsumer<>(kafka, new StringDeserializer(), new ByteArrayDeserializer())) {
            CopyVerifier verifier = new CopyVerifier(keys, dataKeys, PkiMaterial.trustStore(pki), codec);
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    InboxItem item = verifier.verify(r);
                    if (item instanceof InboxItem.Verified v
                            && "CommunityNotice".equals(v.payload().getSchema().getName())) {
                        out.add(notice(v, policy));
                    } else if (item instanceof InboxItem.Refused x) {
                        refused++;
                        spec.commandLine()
                                .getErr()
                                .printf(
                                        "left out %s at %s-%d@%d: %s %s%n",
                                        x.messageId(), topic, x.partition(), x.offset(), x.reason(), x.detail());
                    }
                }
            }
        } catch (KafkaException e) {
            throw new CliErrors.UserError("cannot read " + topic + ": " + e.getMessage(), e);
        }
        if (refused > 0) {
            spec.commandLine()
                    .getErr()
                    .printf("%d copies in %s did not verify and are not in the feed%n", refused, topic);
        }
        return out;
    }

    private static NoticeFeed.Notice notice(InboxItem.Verified v, Policy policy) {
        GenericRecord p = v.payload();
        String sender = v.provenance().sender();
        Object expires = p.get("expiresAt");
        return new NoticeFeed.Notice(
                v.messageId(),
                sender,
                policy.agency(sender).map(a -> a.name().strip()).orElse(sender),
                String.valueOf(p.get("title")),
                String.valueOf(p.get("body")),
                String.valueOf(p.get("area")),
                instant(p.get("publishedAt")),
                expires == null ? null : instant(expires));
    }

    private static Instant instant(Object value) {
        return value instanceof Instant i ? i : Instant.ofEpochMilli(((Number) value).longValue());
    }
}
