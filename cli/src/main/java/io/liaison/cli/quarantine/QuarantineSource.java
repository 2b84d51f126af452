package io.liaison.cli.quarantine;

import io.liaison.cli.CliErrors;
import io.liaison.cli.ClusterOptions;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.KeyTopic;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.seal.Opening;
import io.liaison.kernel.seal.Seal;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiException;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryException;
import io.liaison.registry.WireFormatException;
import io.liaison.runtime.audit.TopicReader;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the quarantine commands read: the {@code quarantine} topic as the quarantine officer
 * (committed records only, like every reader of the backbone's transactional output), the
 * registry to decode it, and the officer's own key to open a sealed original.
 */
final class QuarantineSource {
    @Mixin
    ClusterOptions cluster;

    @Mixin
    KafkaLoginOptions login;

    @Option(
            names = "--key-passphrase-file",
            paramLabel = "FILE",
            description = "Passphrase of the officer's encrypted decryption key.")
    Path keyPassphraseFile;

    /** One quarantine record as the topic holds it: header and digest, the original only sealed. */
    record Quarantined(QuarantineId id, String key, QuarantineRecord header) {
        String sender() {
            return Topics.ingressOwner(header.getSourceTopic());
        }
    }

    /** What the officer can see of the original input. */
    sealed interface Original {
        /** The record as the backbone first built it (original key and value), opened with the officer's key. */
        record Opened(QuarantineRecord full, String officerKeyId) implements Original {}

        /** Refused after the sender's signature verified: nothing of the input was kept, not even sealed. */
        record HeaderOnly() implements Original {}
    }

    final LiaisonHome home = LiaisonHome.resolve();

    /** Every committed quarantine record, in partition and offset order. */
    List<Quarantined> readAll() {
        List<Quarantined> all = new ArrayList<>();
        AvroCodec codec = codec(false);
        try {
            TopicReader.readAll(
                    consumerProperties(officerLogin()),
                    Topics.QUARANTINE,
                    r -> all.add(new Quarantined(
                            new QuarantineId(r.partition(), r.offset()),
                            r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                            decode(codec, r.value(), new QuarantineId(r.partition(), r.offset())))),
                    (read, total) -> {});
        } catch (KafkaException | IllegalArgumentException e) {
            throw new CliErrors.UserError(
                    "cannot read " + Topics.QUARANTINE + " as " + officerUser() + ": " + e.getMessage(), e);
        }
        return all;
    }

    /** The record with {@code id}, read by its position alone, else a refusal that says where ids come from. */
    Quarantined find(QuarantineId id) {
        Optional<ConsumerRecord<byte[], byte[]>> record;
        try {
            record = TopicReader.readAt(
                    consumerProperties(officerLogin()), Topics.QUARANTINE, id.partition(), id.offset());
        } catch (KafkaException | IllegalArgumentException e) {
            throw new CliErrors.UserError(
                    "cannot read " + id + " from " + Topics.QUARANTINE + " as " + officerUser() + ": " + e.getMessage(),
                    e);
        }
        ConsumerRecord<byte[], byte[]> r = record.orElseThrow(() -> new CliErrors.UserError("no quarantine record " + id
                + " (no committed record at that position; `liaison quarantine list` prints the ids)"));
        return new Quarantined(
                id,
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                decode(codec(false), r.value(), id));
    }

    /** Opens {@code q}'s sealed original with the officer's key and {@code quarantine.keys}. */
    Original original(Quarantined q) {
        ByteBuffer sealed = q.header().getSealedOriginal();
        if (sealed == null) {
            return new Original.HeaderOnly();
        }
        DecryptionKeys keys = officerKeys();
        Opening opening;
        try (KeyTopic keyTopic = KeyTopic.open(Topics.QUARANTINE_KEYS, officerLogin(), KeyTopic.DEFAULT_MAX_WAIT)) {
            opening = Seal.open(bytes(sealed), Topics.QUARANTINE, q.key(), keys, keyTopic);
        } catch (KafkaException e) {
            throw new CliErrors.UserError("cannot read " + Topics.QUARANTINE_KEYS + ": " + e.getMessage(), e);
        }
        if (opening instanceof Opening.Refused refused) {
            throw new CliErrors.UserError("the sealed original of " + q.id() + " does not open: " + refused.sentence());
        }
        Opening.Opened opened = (Opening.Opened) opening;
        return new Original.Opened(
                decode(codec(false), opened.plaintext(), q.id()),
                opened.context().recipientKeyId());
    }

    /** The registry codec; {@code autoRegister} for a writer whose schema may be newer than the registry's. */
    AvroCodec codec(boolean autoRegister) {
        return new AvroCodec(new ConfluentRegistryClient(cluster.registry(home)), autoRegister);
    }

    /** The Kafka user the officer logs in as: {@code quarantine-officer} unless --kafka-user or the settings say otherwise. */
    String officerUser() {
        return login.connection(home, Principals.QUARANTINE_OFFICER)
                .credential()
                .user();
    }

    /** The quarantine officer's Kafka login, with the servers. */
    Map<String, Object> officerLogin() {
        Map<String, Object> p = login.properties(home, Principals.QUARANTINE_OFFICER);
        p.put("bootstrap.servers", cluster.bootstrapServers(home));
        return p;
    }

    /** {@code user}'s Kafka login, with the servers (release writes as another principal than it reads). */
    Map<String, Object> loginAs(String user) {
        Map<String, Object> p = login.propertiesAs(home, user);
        p.put("bootstrap.servers", cluster.bootstrapServers(home));
        return p;
    }

    private DecryptionKeys officerKeys() {
        try {
            return cluster.pki(home)
                    .decryptionKeys(
                            CertificateProfiles.QUARANTINE_OFFICER_OWNER,
                            EncryptionRole.QUARANTINE_OFFICER,
                            Optional.ofNullable(keyPassphraseFile).map(Passphrase::readFrom));
        } catch (PkiException e) {
            throw new CliErrors.UserError("cannot load the quarantine officer's decryption key: " + e.getMessage(), e);
        }
    }

    private static Properties consumerProperties(Map<String, Object> login) {
        Properties extra = new Properties();
        extra.putAll(login);
        return TopicReader.consumerProperties(String.valueOf(login.get("bootstrap.servers")), extra);
    }

    private static QuarantineRecord decode(AvroCodec codec, byte[] value, QuarantineId id) {
        try {
            return codec.decodeSpecific(value, QuarantineRecord.class);
        } catch (WireFormatException | RegistryException e) {
            throw new CliErrors.UserError(
                    "quarantine record " + id + " does not decode as a QuarantineRecord: " + e.getMessage(), e);
        }
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
