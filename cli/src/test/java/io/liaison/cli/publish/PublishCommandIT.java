package io.liaison.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cli.Liaison;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.Topics;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import io.liaison.runtime.config.ConnectionSettings;
import io.liaison.runtime.config.LiaisonSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code liaison publish} against the real broker and registry, connected through the demo's connection.properties. */
class PublishCommandIT {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String HOME_PROPERTY = "liaison.home";

    @TempDir
    static Path home;

    private static String previousHome;

    private record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void backbone() throws Exception {
        PkiDirectory pki = PkiDirectory.at(home.resolve("pki"));
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
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
                "backbone",
                EncryptionRole.BACKBONE,
                Validity.starting(clock, Validity.DEFAULT_LEAF),
                Optional.empty());
        EmbeddedKafkaBroker broker = SharedKafka.get();
        // publish logs in to the shared broker as its super user, over TLS, as connection.properties says
        CredentialStore.at(home.resolve("secrets"))
                .replace(broker.config().security().admin());
        new ConnectionSettings(
                        broker.bootstrapServers(),
                        SharedApicurio.get().url().toString(),
                        pki.root(),
                        home.resolve("policy.yaml"))
                .write(
                        home.resolve("connection.properties"),
                        Map.of(
                                LiaisonSettings.SCRAM_USER,
                                Principals.ADMIN,
                                LiaisonSettings.SECRETS_DIR,
                                home.resolve("secrets").toString(),
                                LiaisonSettings.TLS_TRUSTSTORE,
                                broker.adminSecurity().trust().trustStore().toString()));
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic(Topics.ingress("cpd"), 1, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
        }
        previousHome = System.setProperty(HOME_PROPERTY, home.toString());
    }

    @AfterAll
    static void restoreHome() {
        if (previousHome == null) {
            System.clearProperty(HOME_PROPERTY);
        } else {
            System.setProperty(HOME_PROPERTY, previousHome);
        }
    }

    @Test
    void aMixedNdjsonFileIsSummarisedLineByLineAndExitsNonZero() {
        Run run = liaison(
                "publish",
                "--agency",
                "cpd",
                "--type",
                "IncidentReport",
                "--caveat",
                "PII",
                "--ndjson",
                EXAMPLES.resolve("incident-reports-mixed.ndjson").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("line 1: accepted [0-9a-f-]{36} \\(ingress\\.cpd-0@\\d+\\)")
                .contains(
                        "line 2: rejected: severity: expected one of [LOW, MODERATE, HIGH, CRITICAL], got \"EXTREME\"\n")
                .containsPattern("line 3: accepted ")
                .contains("line 5: rejected: location.latitude: expected a number, got string; witness: unknown field")
                .contains("line 6: rejected: narrative: missing required field")
                .containsPattern("line 7: accepted ")
                .contains("line 8: rejected: (document): not valid JSON")
                .doesNotContain("line 4:")
                .endsWith("3 accepted, 4 rejected\n");
        assertThat(run.err()).contains("publishing: 7 read, 3 accepted, 4 rejected");
    }

    @Test
    void aSingleValidFileIsAcceptedWithExitZero() {
        Run run = liaison(
                "publish",
                "--agency",
                "cpd",
                "--type",
                "IncidentReport",
                "--classification",
                "CUI",
                "--file",
                EXAMPLES.resolve("IncidentReport.json").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("line 1: accepted [0-9a-f-]{36}").endsWith("1 accepted, 0 rejected\n");
    }

    @Test
    void anAgencyWithoutASigningKeyIsAOneLineError() {
        Run run = liaison(
                "publish",
                "--agency",
                "ice",
                "--type",
                "IncidentReport",
                "--file",
                EXAMPLES.resolve("IncidentReport.json").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .startsWith(
                        "liaison publish: cannot load the signing key of ice: no agency-signing certificate for ice");
    }

    private static Run liaison(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Liaison.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
