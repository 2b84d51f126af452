package io.liaison.cli.quarantine;

import io.liaison.cli.CliErrors;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.seal.SealedRecord;
import io.liaison.producer.IngressSealer;
import io.liaison.producer.PublishException;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.RegistryException;
import io.liaison.runtime.config.PkiMaterial;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = {
            "Re-submit a quarantined input whose cause was fixed (a certificate published late, a "
                    + "backbone key restored) to its ingress topic, sealed to the backbone again, so it goes "
                    + "through the same verification as any message; a RELEASED audit record, written in the "
                    + "same transaction, says who released what and why.",
            "Only inputs refused before their signature verified have a sealed original to release. "
                    + "The quarantine topic is read as the officer; the ingress and audit records are written as "
                    + "--release-user (default admin): the officer's own Kafka user may only read, so its "
                    + "password alone cannot inject into an agency's ingress."
        })
final class QuarantineReleaseCommand implements Callable<Integer> {
    static final String METHOD = "quarantine-release";
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    QuarantineSource source;

    @Parameters(
            index = "0",
            paramLabel = "ID",
            converter = QuarantineId.Converter.class,
            description = "The record's id as `liaison quarantine list` prints it: q-<partition>-<offset>.")
    QuarantineId id;

    @Option(
            names = "--reason",
            required = true,
            paramLabel = "TEXT",
            description = "Why the input may go through now (kept in the audit record's purpose).")
    String reason;

    @Option(
            names = "--release-user",
            paramLabel = "USER",
            description = "Kafka user that writes the ingress and audit records (default: admin).")
    String releaseUser = Principals.ADMIN;

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            throw new CliErrors.UserError("--reason must say why the input may go through now");
        }
        QuarantineSource.Quarantined q = source.find(id);
        QuarantineRecord header = q.header();
        if (!(source.original(q) instanceof QuarantineSource.Original.Opened opened)) {
            throw new CliErrors.UserError(
                    "cannot release " + id + " (" + header.getReasonCode() + "): " + QuarantineShowCommand.HEADER_ONLY);
        }
        AvroCodec codec = source.codec(true);
        OriginalInput input = OriginalInput.of(header, opened.full(), codec);
        if (input.digest() instanceof OriginalInput.DigestCheck.Mismatch mismatch) {
            throw new CliErrors.UserError("refusing to release " + id + ": the kept original does not match the digest "
                    + "taken when it arrived: " + mismatch.detail());
        }
        Envelope envelope = input.envelope()
                .orElseThrow(() -> new CliErrors.UserError("cannot release " + id + " (" + header.getReasonCode()
                        + "): the original is not a Liaison envelope the backbone could verify; ask the sender to send"
                        + " it again"));
        String ingress = header.getSourceTopic();
        String sender = Topics.ingressOwner(ingress);
        if (sender == null) {
            throw new CliErrors.UserError(
                    "cannot release " + id + ": it came from " + ingress + ", not an ingress topic");
        }
        byte[] value = sealedToBackbone(sender, envelope, input.value());
        AuditRecord audit = AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(Clock.systemUTC().instant())
                .setDecision(AuditDecision.RELEASED)
                .setMessageId(envelope.getMessageId())
                .setMessageType(envelope.getMessageType())
                .setClassification(envelope.getClassification().name())
                .setSender(sender)
                .setPurpose(reason)
                .setRuleIds(List.of())
                .setReasonCode(header.getReasonCode())
                .setDeliveredTopic(ingress)
                .setDeliveredDigest(ByteBuffer.wrap(Digests.sha256(value)))
                .setSourceTopic(Topics.QUARANTINE)
                .setSourcePartition(id.partition())
                .setSourceOffset(id.offset())
                .setReleasingComponent(source.officerUser() + "@" + hostname())
                .setMethod(METHOD)
                .build();
        byte[] auditBytes;
        try {
            auditBytes = codec.encode(Topics.AUDIT + "-value", audit);
        } catch (RegistryException e) {
            throw new CliErrors.UserError("cannot encode the audit record: " + e.getMessage(), e);
        }
        RecordMetadata written = writeTogether(
                new ProducerRecord<>(ingress, envelope.getMessageId(), value),
                new ProducerRecord<>(Topics.AUDIT, null, auditBytes));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "released %s: %s %s from %s re-submitted to %s-%d@%d, sealed to the backbone; it is verified like any message%n",
                id,
                envelope.getMessageType(),
                envelope.getMessageId(),
                sender,
                written.topic(),
                written.partition(),
                written.offset());
        out.printf("audit: RELEASED by %s, purpose \"%s\"%n", releaseUser, reason);
        return 0;
    }

    /**
     * The ingress value: a value still sealed to the backbone (it could not open it then) goes back
     * as it arrived; an opened or unsealed envelope is sealed to the backbone's current key, bound to
     * the ingress topic and message id, exactly as the sender's gateway seals.
     */
    private byte[] sealedToBackbone(String sender, Envelope envelope, byte[] original) {
        if (SealedRecord.isSealed(original)) {
            return original;
        }
        IngressSealer sealer =
                new IngressSealer(PkiMaterial.trustStore(source.cluster.pki(source.home)), Clock.systemUTC());
        try {
            return sealer.seal(sender, envelope.getMessageId(), envelope.getMessageType(), original);
        } catch (PublishException e) {
            throw new CliErrors.UserError("cannot seal " + id + " to the backbone: " + e.getMessage(), e);
        }
    }

    /**
     * Both records in one transaction: no release without its audit record, and no audit record of a
     * release that did not happen. The transactional id is the quarantine id's, so two concurrent
     * releases of one record fence each other; a second release after the first is a REPLAY.
     */
    private RecordMetadata writeTogether(ProducerRecord<String, byte[]> ingress, ProducerRecord<String, byte[]> audit) {
        Map<String, Object> p = source.loginAs(releaseUser);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "liaison-quarantine-release-" + id);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            Future<RecordMetadata> written = producer.send(ingress);
            producer.send(audit);
            producer.commitTransaction();
            return written.get();
        } catch (KafkaException | ExecutionException e) {
            throw new CliErrors.UserError(
                    "cannot write the release as " + releaseUser + " (nothing was released): " + rootCause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliErrors.UserError("interrupted: nothing was released", e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
