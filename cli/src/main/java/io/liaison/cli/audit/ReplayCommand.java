package io.liaison.cli.audit;

import io.liaison.audit.export.AuditExport;
import io.liaison.audit.replay.CopyCheck;
import io.liaison.audit.replay.EnvelopeCopyCheck;
import io.liaison.audit.replay.InboxCopy;
import io.liaison.audit.replay.Replay;
import io.liaison.cli.CliErrors;
import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.envelope.Verdict;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.trust.AgencyIds;
import io.liaison.pki.PkiDirectory;
import io.liaison.registry.AvroCodec;
import io.liaison.runtime.config.PkiMaterial;
import io.liaison.schemas.audit.AuditRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Reconstruct from the log exactly what an agency received, and re-verify each delivered copy in its inbox topic:",
            "the digest must match, and with trusted keys the sender signature, backbone attestation "
                    + "and (with a registry) the field commitments must verify. Shows purpose, policy version "
                    + "and withheld fields per message.",
            "Copies are sealed to the agency, so this is the agency's own check: the log is read as "
                    + "auditor, the inbox and its key topic as the agency (--inbox-user), and each copy opened "
                    + "with the agency's decryption key from --pki-dir."
        })
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogSource source;

    @Mixin
    TimeWindow window;

    @Option(names = "--agency", required = true, paramLabel = "AGENCY", description = "The recipient agency id.")
    String agency;

    @Option(
            names = "--verify-copies",
            description =
                    "Also verify each copy's sender signature and backbone attestation with the "
                            + "PKI directory's keys (it holds the agency certificates), and with a registry the field commitments.")
    boolean verifyCopies;

    @Mixin
    Trust trust;

    @Option(
            names = "--inbox-user",
            paramLabel = "USER",
            description = "Kafka user that reads the inbox and key topic (default: the agency).")
    String inboxUser;

    @Option(
            names = "--key-passphrase-file",
            paramLabel = "FILE",
            description = "Passphrase of an encrypted decryption key.")
    Path keyPassphraseFile;

    @Override
    public Integer call() {
        try {
            AgencyIds.require(agency);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AuditExport log = source.loadIntact(err);
        DecryptionKeys keys = PkiMaterial.decryptionKeys(
                PkiDirectory.at(trust.pkiDirectory()
                        .orElseThrow(
                                () -> new CliErrors.UserError("no decryption key: pass --pki-dir DIR holding agencies/"
                                        + agency + "/encryption.key"))),
                agency,
                keyPassphraseFile);
        List<InboxCopy> inbox;
        try {
            inbox = source.kafkaAs(inboxUser != null ? inboxUser : agency)
                    .inbox(
                            agency,
                            keys,
                            (copy, refused) -> err.printf(
                                    "inbox record %s partition %d offset %d does not open: %s%n",
                                    Topics.inbox(agency), copy.partition(), copy.offset(), refused.sentence()),
                            LogSource.progress(err, "reading " + Topics.inbox(agency)));
        } catch (KafkaException | IllegalArgumentException e) {
            throw new CliErrors.UserError("cannot read " + Topics.inbox(agency) + ": " + e.getMessage(), e);
        }
        Optional<CopyCheck> check = Optional.empty();
        if (verifyCopies) {
            Optional<Function<byte[], GenericRecord>> payloads =
                    source.registry().map(registry -> new AvroCodec(registry, false)::decodeGeneric);
            check = Optional.of(new EnvelopeCopyCheck(trust.store(), payloads));
            if (payloads.isEmpty()) {
                err.println("no registry: field commitments are not re-checked (signatures and attestation are)");
            }
        }
        Replay.Result result = Replay.replay(
                agency, window.fromInstant(), window.toInstant(), log.records(), log.writerSchemas(), inbox, check);

        out.printf(
                "%-24s %-38s %-8s %-16s %-22s %-8s %-12s %s%n",
                "event time", "message", "sender", "type", "purpose", "policy", "copy", "withheld / transformed");
        for (Replay.Delivery d : result.deliveries()) {
            AuditRecord r = d.record();
            String withheld = d.withheld().isEmpty()
                    ? "-"
                    : d.withheld().stream()
                            .map(a -> a.getPath() + " " + a.getAction())
                            .collect(Collectors.joining(", "));
            String copy = d.status() == Replay.Status.CONFIRMED
                    ? d.copyCheck().map(v -> v.accepted() ? "verified" : "BAD").orElse("matched")
                    : d.status().name();
            out.printf(
                    "%-24s %-38s %-8s %-16s %-22s %-8s %-12s %s%n",
                    r.getEventTime(),
                    r.getMessageId(),
                    r.getSender(),
                    r.getMessageType(),
                    r.getPurpose(),
                    r.getPolicyVersion(),
                    copy,
                    withheld);
            d.copyCheck()
                    .filter(v -> !v.accepted())
                    .ifPresent(v -> out.println("    " + ((Verdict.Rejected) v).sentence()));
        }
        for (InboxCopy c : result.unaccounted()) {
            out.printf(
                    "UNLOGGED inbox record %s partition %d offset %d (%s): no DELIVERED audit record accounts for it%n",
                    Topics.inbox(agency),
                    c.partition(),
                    c.offset(),
                    c.appended().at());
        }
        long confirmed =
                result.deliveries().stream().filter(Replay.Delivery::ok).count();
        out.printf(
                "%s: %d deliveries to %s, %d confirmed in the inbox, %d inbox records unaccounted for%n",
                result.ok() ? "OK" : "FAILED",
                result.deliveries().size(),
                agency,
                confirmed,
                result.unaccounted().size());
        return result.ok() ? 0 : 1;
    }
}
