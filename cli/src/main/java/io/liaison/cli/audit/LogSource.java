package io.liaison.cli.audit;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.AuditRecords;
import io.liaison.audit.export.AuditExport;
import io.liaison.audit.export.ExportFormat;
import io.liaison.cli.BootstrapServersOption;
import io.liaison.cli.CliErrors;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cluster.security.Principals;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryException;
import io.liaison.registry.SchemaRegistryClient;
import io.liaison.registry.WireFormat;
import io.liaison.registry.WireFormatException;
import io.liaison.runtime.audit.KafkaAuditSource;
import io.liaison.runtime.audit.TopicReader;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.RegistryAccess;
import io.liaison.runtime.config.Setting;
import io.liaison.runtime.config.SettingSources;
import io.liaison.schemas.audit.AuditRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a command reads the log: an export file ({@code --export}), else the live audit and
 * checkpoints topics. Connection settings resolve as for every liaison command: option, then
 * environment, then the demo's {@code connection.properties}.
 */
final class LogSource {
    @Option(names = "--export", paramLabel = "FILE", description = "Read this export file instead of Kafka (offline).")
    Path export;

    @Mixin
    BootstrapServersOption bootstrapServers;

    @Option(
            names = "--registry-url",
            paramLabel = "URL",
            description =
                    "Schema registry, for writer schemas and payload decoding (default: $LIAISON_REGISTRY_URL, else connection.properties).")
    String registryUrl;

    @Option(
            names = "--client-config",
            paramLabel = "FILE",
            description = "Extra Kafka client properties (security, timeouts).")
    Path clientConfig;

    @Mixin
    KafkaLoginOptions login;

    /** The log, and whether an export file's trailer digest matched (always true when live). */
    record Loaded(AuditExport log, boolean digestMatches) {}

    boolean offline() {
        return export != null;
    }

    Loaded load(PrintWriter err) {
        if (offline()) {
            try {
                ExportFormat.Read read = ExportFormat.read(Files.readAllBytes(export));
                return new Loaded(read.export(), read.digestMatches());
            } catch (NoSuchFileException e) {
                throw new CliErrors.UserError("no export file " + export, e);
            } catch (IOException e) {
                throw new CliErrors.UserError("cannot read " + export + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new CliErrors.UserError(export + " is not a valid audit export: " + e.getMessage(), e);
            }
        }
        KafkaAuditSource source = kafka();
        try {
            AuditExport log = source.read(Map.of(), progress(err, "reading audit log"));
            return new Loaded(
                    new AuditExport(log.exportedAt(), writerSchemas(log), log.checkpoints(), log.records()), true);
        } catch (KafkaException | IllegalArgumentException | IllegalStateException e) {
            throw new CliErrors.UserError(
                    "cannot read the audit log from Kafka at " + bootstrap() + ": " + e.getMessage(), e);
        }
    }

    /** Loads the log and refuses an export whose digest does not match: only {@code verify} reports that as a finding. */
    AuditExport loadIntact(PrintWriter err) {
        Loaded loaded = load(err);
        if (!loaded.digestMatches()) {
            throw new CliErrors.UserError(export
                    + " fails its sha256 trailer: the file was altered or corrupted; run `liaison audit verify --export "
                    + export + "`");
        }
        return loaded.log();
    }

    KafkaAuditSource kafka() {
        if (offline()) {
            throw new CliErrors.UserError("this needs Kafka: drop --export, or pass --bootstrap-servers");
        }
        return new KafkaAuditSource(TopicReader.consumerProperties(
                bootstrap(), clientProperties(login.properties(LiaisonHome.resolve(), Principals.AUDITOR))));
    }

    /** Kafka as {@code user} (an agency reading its own inbox), with this command's protocol and secrets. */
    KafkaAuditSource kafkaAs(String user) {
        if (offline()) {
            throw new CliErrors.UserError("this needs Kafka: drop --export, or pass --bootstrap-servers");
        }
        return new KafkaAuditSource(TopicReader.consumerProperties(
                bootstrap(), clientProperties(login.propertiesAs(LiaisonHome.resolve(), user))));
    }

    Optional<SchemaRegistryClient> registry() {
        return setting(LiaisonSettings.REGISTRY_URL, registryUrl)
                .map(url -> new ConfluentRegistryClient(
                        RegistryAccess.resolve(SettingSources.of(LiaisonHome.resolve()), url, Map.of())));
    }

    static TopicReader.Progress progress(PrintWriter err, String what) {
        return new ProgressBar(err, what);
    }

    private String bootstrap() {
        return bootstrapServers
                .lookup(LiaisonHome.resolve())
                .orElseThrow(
                        () -> new CliErrors.UserError(
                                "no Kafka to read: pass --export FILE, or --bootstrap-servers, set LIAISON_BOOTSTRAP_SERVERS, or start `liaison demo`"));
    }

    /** Writer schemas of the ids in the log, from the registry when one is reachable; the export then decodes offline forever. */
    private Map<Integer, Schema> writerSchemas(AuditExport log) {
        Optional<SchemaRegistryClient> registry = registry();
        Map<Integer, Schema> schemas = new HashMap<>();
        if (registry.isEmpty()) {
            return schemas;
        }
        for (var entry : log.records()) {
            int id;
            try {
                id = WireFormat.schemaId(entry.value());
            } catch (WireFormatException e) {
                continue; // verify reports the malformed record
            }
            if (!schemas.containsKey(id)) {
                try {
                    schemas.put(id, registry.get().getById(id));
                } catch (RegistryException e) {
                    throw new CliErrors.UserError(
                            "cannot fetch writer schema " + id + " from the registry: " + e.getMessage(), e);
                }
            }
        }
        return schemas;
    }

    private Properties clientProperties(Map<String, Object> login) {
        Properties p = new Properties();
        p.putAll(login);
        if (clientConfig != null) {
            try (Reader r = Files.newBufferedReader(clientConfig)) {
                p.load(r);
            } catch (IOException e) {
                throw new CliErrors.UserError("cannot read --client-config " + clientConfig + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    /** Option, environment, then the demo's connection file. */
    static <T> Optional<T> setting(Setting<T> setting, String explicit) {
        return SettingSources.of(LiaisonHome.resolve()).lookup(setting, explicit);
    }

    /** Decodes an AuditRecord, turning a malformed one into a user-facing error. */
    static AuditRecord decode(AuditEntry entry, Map<Integer, Schema> writerSchemas) {
        try {
            return AuditRecords.decode(entry.value(), writerSchemas);
        } catch (WireFormatException e) {
            throw new CliErrors.UserError(
                    "audit record " + entry.index() + " does not decode (" + e.getMessage()
                            + "); run `liaison audit verify`",
                    e);
        }
    }
}
