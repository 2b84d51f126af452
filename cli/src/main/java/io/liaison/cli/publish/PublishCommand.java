package io.liaison.cli.publish;

import io.liaison.cli.CliErrors;
import io.liaison.cli.ClusterOptions;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.AgencyIds;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
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
 * outcome per input line out, written as soon as it is known. Publishes through the same {@link
 * AgencyGateway} as the HTTP ingest, signing with the agency's key from the PKI directory and
 * logging in to Kafka as the agency ({@link KafkaLogin}: SCRAM when the connection settings say so).
 *
 * <p>It never hangs on a cluster that is gone: once the gateway finds that the cluster has taken
 * nothing for the delivery timeout, it refuses the next line (CLUSTER_UNAVAILABLE) and the run gives
 * up as a whole, listing what was not sent. On Ctrl-C it says which lines were accepted.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Publish JSON payloads as an agency: each is validated against its schema, signed with the agency's key "
                    + "and written to its ingress topic; a line is accepted only once the broker acknowledged it.",
            "Each line's outcome is printed as soon as it is known (and written to --results FILE as JSON).",
            "If the Kafka cluster takes nothing for the delivery timeout, publish gives up: the lines not yet sent "
                    + "are listed as not sent. Ctrl-C prints which lines were accepted.",
            "Exit 0 if every line was accepted, 1 if any was rejected, failed or not sent (each is listed with its "
                    + "line number and why)."
        })
public final class PublishCommand implements Callable<Integer> {
    /** Bulk publishes overlap this many messages in flight. */
    static final int MAX_IN_FLIGHT = 256;

    private static final String STANDARD_INPUT = "-";
    /**
     * After Ctrl-C, how long the report waits for acknowledgements already on their way: a cluster
     * that is there answers within milliseconds, and someone who pressed Ctrl-C wants out.
     */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);

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

    @Option(
            names = "--results",
            paramLabel = "FILE",
            description = "Also write each line's outcome to FILE as soon as it is known, one JSON object per line: "
                    + "line, outcome (ACKNOWLEDGED, REJECTED, FAILED, NOT_SENT), messageId, topic, partition, offset, "
                    + "payloadDigest or reason.")
    Path results;

    @Option(
            names = "--delivery-timeout",
            paramLabel = "DURATION",
            defaultValue = "PT30S",
            description = "How long a line waits for the broker's acknowledgement, and how long the cluster may take "
                    + "nothing before publish gives up (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration deliveryTimeout;

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
        AgencyGatewayConfig config = gatewayConfig(home);
        SigningIdentity identity = PkiMaterial.signingIdentity(cluster.pki(home), agency, keyPassphraseFile);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<PrintWriter> resultsFile = openResults();
        PublishSummary summary = new PublishSummary(out, err, resultsFile);
        Thread reportOnInterrupt =
                new Thread(() -> summary.interrupted(INTERRUPT_GRACE), "liaison-publish-interrupted");
        Runtime.getRuntime().addShutdownHook(reportOnInterrupt);
        try (AgencyGateway gateway =
                        AgencyGateway.connect(config, identity, PkiMaterial.trustStore(cluster.pki(home)));
                BufferedReader reader = open()) {
            Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            if (input.ndjson != null) {
                int read = publishLines(
                        reader,
                        line -> pending.add(
                                publish(gateway, line.number(), line.text(), schema, headers, summary, inFlight)),
                        summary);
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                        .join();
                summary.progress(read, true);
            } else {
                publish(
                                gateway,
                                1,
                                reader.lines().collect(Collectors.joining("\n")),
                                schema,
                                headers,
                                summary,
                                inFlight)
                        .join();
            }
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot read " + inputName() + ": " + e.getMessage(), e);
        } finally {
            resultsFile.ifPresent(PrintWriter::close);
            try {
                Runtime.getRuntime().removeShutdownHook(reportOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C came while finishing: the hook reports
            }
        }
        summary.printTotals();
        return summary.everyLineAccepted() ? 0 : 1;
    }

    private record Line(int number, String text) {}

    /**
     * Hands each non-blank line to {@code publish} until the run stops. After giving up, the rest of
     * a file is still read, only to list its lines as not sent; standard input is not, since whatever
     * writes it may never stop.
     *
     * @return how many lines were handed over
     */
    private int publishLines(BufferedReader reader, Consumer<Line> publish, PublishSummary summary) throws IOException {
        int number = 0;
        int read = 0;
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            if (summary.stopped()) {
                Optional<LineOutcome.NotSent> gaveUp = summary.gaveUp();
                if (gaveUp.isEmpty() || STANDARD_INPUT.equals(input.ndjson)) {
                    summary.inputAbandoned();
                    break;
                }
                summary.record(new LineOutcome.NotSent(
                        number,
                        "publish gave up at line " + gaveUp.get().line() + " (the Kafka cluster is unavailable)"));
                continue;
            }
            read++;
            publish.accept(new Line(number, text));
            summary.progress(read, false);
        }
        return read;
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
        summary.sending(line);
        try {
            return gateway.publishAsync(payload, headers).handle((receipt, error) -> {
                inFlight.release();
                summary.record(error == null ? new LineOutcome.Accepted(line, receipt) : outcome(line, error));
                return null;
            });
        } catch (PublishException e) {
            inFlight.release();
            summary.record(LineOutcome.of(line, e));
            return CompletableFuture.completedFuture(null);
        }
    }

    private static LineOutcome outcome(int line, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof PublishException p
                ? LineOutcome.of(line, p)
                : new LineOutcome.Failed(line, cause.toString());
    }

    private AgencyGatewayConfig gatewayConfig(LiaisonHome home) {
        AgencyGatewayConfig config = AgencyGatewayConfig.defaults(
                        agency, cluster.bootstrapServers(home), cluster.registryUrl(home))
                .withRegistry(cluster.registry(home))
                .withKafkaOverrides(login.connection(home, agency).properties());
        try {
            return config.withDeliveryTimeout(deliveryTimeout);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--delivery-timeout: " + e.getMessage(), e);
        }
    }

    private Optional<PrintWriter> openResults() {
        if (results == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PrintWriter(Files.newBufferedWriter(results, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write " + results + ": " + e.getMessage(), e);
        }
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
        if (STANDARD_INPUT.equals(input.ndjson)) {
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
        return input.file != null
                ? input.file.toString()
                : STANDARD_INPUT.equals(input.ndjson) ? "standard input" : input.ndjson;
    }
}
