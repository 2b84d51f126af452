package io.liaison.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.cli.CliErrors;
import io.liaison.cli.Liaison;
import io.liaison.cli.ingest.IngestServeCommand;
import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.http.ConsumerGatewayServer;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code liaison ingest serve} and {@code liaison gateway serve} in-process against the shared
 * plaintext broker and registry: each command's options are parsed as on the command line, then its
 * {@code start()} runs, so the test can stop what it started.
 */
class ServeCommandsIT {
    private static final Path POLICY = Path.of("..", "config", "policy.yaml");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path pkiDir;

    @TempDir
    static Path secretsDir;

    @BeforeAll
    static void pkiWithCpdsSigningAndEncryptionKeysAndTheControlPlaneTopics() {
        try (Admin admin = Admin.create(SharedKafka.get().adminClientProperties())) {
            new ClusterAdmin(admin, Duration.ofSeconds(30))
                    .ensureTopics(TopicPlan.embedded().topics(List.of()).stream()
                            .filter(t -> Set.of(Topics.TRUST, Topics.POLICY).contains(t.name()))
                            .toList());
        }
        // the commands log in to the shared broker as its super user, over TLS
        CredentialStore.at(secretsDir)
                .replace(SharedKafka.get().config().security().admin());
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        PkiDirectory pki = PkiDirectory.at(pkiDir);
        pki.init(
                CertificateAuthority.DEFAULT_NAME,
                Validity.starting(clock, Validity.DEFAULT_CA),
                Optional.empty(),
                random);
        pki.issueSigning(
                pki.authority(Optional.empty(), clock, random),
                "cpd",
                KeyRole.AGENCY_SIGNING,
                Validity.starting(clock, Validity.DEFAULT_LEAF),
                Optional.empty());
        pki.issueEncryption(
                pki.authority(Optional.empty(), clock, random),
                "cpd",
                EncryptionRole.AGENCY,
                Validity.starting(clock, Validity.DEFAULT_LEAF),
                Optional.empty());
    }

    @Test
    void ingestServeAnswersHealthAsItsAgencyAndIsReadyOnTheFollowedControlPlane() throws Exception {
        StringWriter out = new StringWriter();
        IngestServeCommand command =
                parse(out, "ingest", "serve", "--agency", "cpd", "--port", "0", "--policy", POLICY.toString());

        try (IngestServeCommand.Running ingest = command.start()) {
            HttpResponse<String> health = get(ingest.url() + "/health");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"", "\"agency\":\"cpd\"");
            assertThat(get(ingest.url() + "/ready").body()).contains("\"status\":\"READY\"");
            assertThat(out.toString()).contains("ingest for cpd listening on " + ingest.url());
        }
    }

    @Test
    void gatewayServeAnswersHealthAndServesTheConsoleAndIsReadyOnTheFollowedControlPlane() throws Exception {
        StringWriter out = new StringWriter();
        GatewayServeCommand command =
                parse(out, "gateway", "serve", "--agency", "cpd", "--port", "0", "--policy", POLICY.toString());

        try (GatewayServeCommand.Running running = command.start()) {
            ConsumerGatewayServer gateway = running.server();
            assertThat(get(gateway.baseUrl() + "/health").statusCode()).isEqualTo(200);
            assertThat(get(gateway.baseUrl() + "/ready").body()).contains("\"status\":\"READY\"");
            assertThat(get(gateway.baseUrl() + "/console/").statusCode()).isEqualTo(200);
            assertThat(out.toString())
                    .contains(
                            "consumer gateway of cpd listening on " + gateway.baseUrl(),
                            "console: " + gateway.baseUrl() + "/console/");
        }
    }

    @Test
    void aPortInUseIsAOneLineErrorNamingIt() {
        GatewayServeCommand first = parse(
                new StringWriter(),
                "gateway",
                "serve",
                "--agency",
                "cpd",
                "--port",
                "0",
                "--policy",
                POLICY.toString());
        try (GatewayServeCommand.Running running = first.start()) {
            ConsumerGatewayServer gateway = running.server();
            IngestServeCommand second = parse(
                    new StringWriter(),
                    "ingest",
                    "serve",
                    "--agency",
                    "cpd",
                    "--port",
                    Integer.toString(gateway.port()),
                    "--policy",
                    POLICY.toString());

            assertThatThrownBy(second::start)
                    .isInstanceOf(CliErrors.UserError.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + gateway.port());
        }
    }

    /** The command object picocli filled from {@code args}, plus the connection to the shared broker and registry. */
    @SuppressWarnings("unchecked")
    private static <T> T parse(StringWriter out, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--bootstrap-servers",
                SharedKafka.get().bootstrapServers(),
                "--registry-url",
                SharedApicurio.get().url().toString(),
                "--pki-dir",
                pkiDir.toString(),
                "--kafka-user",
                Principals.ADMIN,
                "--secrets-dir",
                secretsDir.toString(),
                "--truststore",
                SharedKafka.get().adminConnection().trust().trustStore().toString()));
        CommandLine cl = Liaison.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        CommandLine.ParseResult verb =
                cl.parseArgs(all.toArray(String[]::new)).subcommand().subcommand();
        return (T) verb.commandSpec().userObject();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
