package io.liaison.cli.publish;

import io.liaison.cli.CliErrors;
import io.liaison.cli.ClusterOptions;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.AgencyIds;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.AgencyGatewayConfig;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.PublishException;
import io.liaison.producer.json.FieldError;
import io.liaison.producer.json.JsonToAvro;
import io.liaison.producer.json.JsonToAvroException;
import io.liaison.runtime.config.KafkaLogin;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PkiMaterial;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.envelope.Classification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liaison publish}: JSON payloads in, signed messages on the agency's ingress topic, one
 * outcome per input line out. Publishes through the same {@link AgencyGateway} as the HTTP ingest,
 * signing with the agency's key from the PKI directory and logging in to Kafka as the agency
 * ({@link KafkaLogin}: SCRAM when the connection settings say so).
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Publish JSON payloads as an agency: each is validated against its schema, signed with the agency's key "
                    + "and written to its ingress topic; a line is accepted only once the broker acknowledged it.",
            "Exit 0 if every line was accepted, 1 if any was rejected (each is listed with its line number and why)."
        })
public final class PublishCommand implements Callable<Integer> {
    /** Bulk publishes overlap this many messages in flight. */
    private static final int MAX_IN_FLIGHT = 256;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--agency",
            required = true,
            paramLabel = "AGENCY",
            description = "Publish as this agency (its key signs), e.g. cpd.")
    String agency;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Message type, e.g. IncidentReport.")
    String type;

    static final class Input {
        @Option(names = "--file", paramLabel = "FILE", description = "One JSON payload.")
        Path file;

        @Option(
                names = "--ndjson",
                paramLabel = "FILE",
                description = "One JSON payload per line; - reads standard input. Blank lines are skipped.")
        String ndjson;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(
            names = "--classification",
            paramLabel = "LEVEL",
            defaultValue = "LAW_ENFORCEMENT_SENSITIVE",
            description =
                    "UNCLASSIFIED, CUI or LAW_ENFORCEMENT_SENSITIVE (default ${DEFAULT-VALUE}, the most restrictive).")
    Classification classification;

    @Option(
            names = "--caveat",
            paramLabel = "CAVEAT",
            description = "A handling caveat such as PII or ORCON; repeatable.")
    List<String> caveats = new ArrayList<>();

    @Option(
            names = "--releasable-to",
            paramLabel = "AGENCY",
            description = "An agency the sender allows; repeatable (default: the policy decides).")
    List<String> releasableTo = new ArrayList<>();

    @Option(
            names = "--key-passphrase-file",
            paramLabel = "FILE",
            description = "Passphrase of an encrypted signing key.")
    Path keyPassphraseFile;

    @picocli.CommandLine.Mixin
    ClusterOptions cluster;

    @picocli.CommandLine.Mixin
    KafkaLoginOptions login;

    @Override
    public Integer call() {
        Schema schema = LiaisonSchemas.payloadSchema(type)
                .orElseThrow(() -> new CliErrors.UserError(
                        "unknown message type '" + type + "'; types are " + LiaisonSchemas.messageTypes()));
        MessageHeaders headers = headers();
        LiaisonHome home = LiaisonHome.resolve();
        String bootstrap = cluster.bootstrapServers(home);
        String registry = cluster.registryUrl(home);
        SigningIdentity identity = PkiMaterial.signingIdentity(cluster.pki(home), agency, keyPassphraseFile);
        Map<String, String> kafkaLogin = login.security(home, agency).properties();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PublishSummary summary = new PublishSummary();
        TrustStore trust = PkiMaterial.trustStore(cluster.pki(home));
        try (AgencyGateway gateway = AgencyGateway.connect(
                        AgencyGatewayConfig.defaults(agency, bootstrap, registry)
                                .withRegistry(cluster.registry(home))
                                .withKafkaOverrides(kafkaLogin),
                        identity,
                        trust);
                BufferedReader reader = open()) {
            boolean bulk = input.ndjson != null;
            Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            int read = 0;
            if (bulk) {
                int line = 0;
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    line++;
                    if (!text.isBlank()) {
                        read++;
                        pending.add(publish(gateway, line, text, schema, headers, summary, inFlight));
                        summary.progress(err, read, false);
                    }
                }
            } else {
                read = 1;
                pending.add(publish(
                        gateway,
                        1,
                        reader.lines().collect(Collectors.joining("\n")),
                        schema,
                        headers,
                        summary,
                        inFlight));
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            if (bulk) {
                summary.progress(err, read, true);
            }
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot read " + inputName() + ": " + e.getMessage(), e);
        }
        summary.print(out);
        return summary.rejected() == 0 ? 0 : 1;
    }

    /** Converts and publishes one payload; the future completes once its outcome is recorded. */
    private CompletableFuture<Void> publish(
            AgencyGateway gateway,
            int line,
            String json,
            Schema schema,
            MessageHeaders headers,
            PublishSummary summary,
            Semaphore inFlight) {
        GenericRecord payload;
        try {
            payload = JsonToAvro.convert(json, schema);
        } catch (JsonToAvroException e) {
            summary.record(new LineOutcome.Rejected(
                    line, e.errors().stream().map(FieldError::toString).collect(Collectors.joining("; "))));
            return CompletableFuture.completedFuture(null);
        }
        inFlight.acquireUninterruptibly();
        try {
            return gateway.publishAsync(payload, headers).handle((receipt, error) -> {
                inFlight.release();
                summary.record(
                        error == null
                                ? new LineOutcome.Accepted(line, receipt)
                                : new LineOutcome.Rejected(line, reason(error)));
                return null;
            });
        } catch (PublishException e) {
            inFlight.release();
            summary.record(new LineOutcome.Rejected(line, e.getMessage()));
            return CompletableFuture.completedFuture(null);
        }
    }

    private static String reason(Throwable error) {
        Throwable cause = error.getCause() != null && !(error instanceof PublishException) ? error.getCause() : error;
        return cause.getMessage();
    }

    private MessageHeaders headers() {
        try {
            AgencyIds.require(agency);
            releasableTo.forEach(AgencyIds::require);
            return new MessageHeaders(classification, caveats, releasableTo);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(e.getMessage(), e);
        }
    }

    private BufferedReader open() throws IOException {
        if ("-".equals(input.ndjson)) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        Path file = input.file != null ? input.file : Path.of(input.ndjson);
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliErrors.UserError("no such file: " + file, e);
        }
    }

    private String inputName() {
        return input.file != null ? input.file.toString() : "-".equals(input.ndjson) ? "standard input" : input.ndjson;
    }
}
