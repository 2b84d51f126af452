package io.liaison.cli.audit;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.LogVerifier;
import io.liaison.audit.VerificationResult;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.export.AuditExport;
import io.liaison.audit.proof.MessageProof;
import io.liaison.audit.proof.MessageProofs;
import io.liaison.cli.CliErrors;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.Topics;
import io.liaison.complaints.ComplaintsOfficer;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.RegistryAccess;
import io.liaison.runtime.config.SettingSources;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code liaison complaints proofs}: oversight publishes, for every complaint the latest verified
 * checkpoint covers, the same proof file {@code liaison audit prove RECEIPT} writes, on the status
 * topic where the intake serves it to the resident. The intake never reads the log itself: it would
 * then see every agency's dissemination metadata.
 */
@Command(
        name = "proofs",
        mixinStandardHelpOptions = true,
        description = {
            "Verify the audit log, then publish an inclusion proof (liaison-audit-proof/1, checked "
                    + "offline by `liaison audit check-proof FILE`) for every complaint the latest verified "
                    + "checkpoint covers whose published proof is missing or covers fewer of its records. The "
                    + "intake serves them at /complaints/RECEIPT/proof.",
            "Runs as the complaints-officer Kafka user (it reads audit and checkpoints and writes the status topic)."
        })
public final class ComplaintProofsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogSource source;

    @Mixin
    Trust trust;

    @Override
    public Integer call() {
        if (source.offline()) {
            throw new CliErrors.UserError("proofs are published to Kafka: drop --export");
        }
        AuditExport log;
        try {
            log = source.kafkaAs(Principals.COMPLAINTS_OFFICER)
                    .read(Map.of(), LogSource.progress(spec.commandLine().getErr(), "reading audit log"));
        } catch (KafkaException | IllegalArgumentException | IllegalStateException e) {
            throw new CliErrors.UserError("cannot read the audit log: " + e.getMessage(), e);
        }
        CheckpointVerifier checkpoints = trust.checkpointVerifier();
        LogVerifier verifier = new LogVerifier(log.checkpoints(), checkpoints, log.writerSchemas());
        log.records().forEach(verifier::accept);
        VerificationResult result = verifier.finish();
        if (!result.ok()) {
            throw new CliErrors.UserError("the log does not verify, so no proof from it would mean anything: "
                    + result.firstProblem().orElseThrow().detail());
        }
        Checkpoint latest = result.latest()
                .orElseThrow(() -> new CliErrors.UserError("no verified checkpoint to prove against yet"));
        Map<String, List<AuditEntry>> byReceipt = new LinkedHashMap<>();
        for (AuditEntry e : log.records()) {
            if (e.index() >= latest.size()) {
                break;
            }
            AuditRecord r = LogSource.decode(e, log.writerSchemas());
            boolean complaint = r.getDecision() == AuditDecision.COMPLAINT_RECEIVED
                    || r.getDecision() == AuditDecision.COMPLAINT_STATUS_CHANGED;
            if (complaint && r.getMessageId() != null) {
                byReceipt
                        .computeIfAbsent(r.getMessageId(), k -> new ArrayList<>())
                        .add(e);
            }
        }
        ComplaintsOfficer officer = officer();
        Map<String, byte[]> published = officer.statuses().proofs();
        PublishedCheckpoint note = ProveCommand.publishedNoteOf(log, latest, checkpoints);
        Map<String, byte[]> fresh = new LinkedHashMap<>();
        byReceipt.forEach((receipt, entries) -> {
            byte[] old = published.get(receipt);
            if (old == null || MessageProofs.parse(old).entries().size() < entries.size()) {
                MessageProof proof = MessageProofs.build(receipt, entries, verifier.tree(), note, latest.size());
                fresh.put(receipt, MessageProofs.toJson(proof));
            }
        });
        try {
            officer.publishProofs(fresh);
        } catch (KafkaException e) {
            throw new CliErrors.UserError(
                    "cannot publish proofs to " + Topics.COMPLAINT_STATUS + ": " + e.getMessage(), e);
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "published %d proofs (%d complaints covered by checkpoint size %d root %s)%n",
                        fresh.size(), byReceipt.size(), latest.size(), latest.rootHex());
        return 0;
    }

    private ComplaintsOfficer officer() {
        LiaisonHome home = LiaisonHome.resolve();
        SettingSources settings = SettingSources.of(home);
        Map<String, Object> kafka = source.login.properties(home, Principals.COMPLAINTS_OFFICER);
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers.require(home));
        String registry = settings.require(LiaisonSettings.REGISTRY_URL, source.registryUrl);
        return new ComplaintsOfficer(
                kafka,
                new AvroCodec(new ConfluentRegistryClient(RegistryAccess.resolve(settings, registry, Map.of())), false),
                "liaison-complaints-proofs",
                Clock.systemUTC());
    }
}
