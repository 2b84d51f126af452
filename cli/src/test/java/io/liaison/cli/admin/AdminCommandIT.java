package io.liaison.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.cli.Liaison;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.BrokerSecurity;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.pki.PkiDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code admin users} and {@code admin apply} against a secured embedded broker, as an operator runs them. */
class AdminCommandIT {
    @TempDir
    static Path dir;

    private static Path secrets;
    private static EmbeddedKafkaBroker broker;
    private static final Path POLICY =
            Path.of("../config/policy.yaml").toAbsolutePath().normalize();

    @BeforeAll
    static void start() {
        secrets = dir.resolve("secrets");
        broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(
                dir.resolve("kafka"),
                BrokerSecurity.ensure(
                        PkiDirectory.at(dir.resolve("pki")), CredentialStore.at(secrets), Clock.systemUTC())));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void usersThenApplyCreateEverythingOnceAndASecondApplyChangesNothing() throws Exception {
        Result users = run("admin", "users");
        assertThat(users.exit).as(users.err).isZero();
        assertThat(Files.exists(secrets.resolve("oversight.password"))).isTrue();
        assertThat(run("admin", "users").out)
                .contains("= exists  admin", "= exists  liaison-streams", "= exists  cpd")
                .doesNotContain("+ create");

        Result dryRun = run("admin", "apply", "--dry-run");
        assertThat(dryRun.exit).as(dryRun.err).isZero();
        assertThat(dryRun.out)
                .contains("+ ingress.cpd", "+ User:cpd WRITE TOPIC ingress.cpd (LITERAL)", "Dry run: nothing changed.");
        // the policy's retention: cpd's longest term is WarrantNotice P5Y (5 x 366 days), guard's P30D
        assertThat(dryRun.out)
                .containsPattern("\\+ inbox\\.cpd .*retention\\.ms="
                        + Duration.ofDays(5 * 366).toMillis())
                .containsPattern("\\+ keys\\.cpd .*retention\\.ms="
                        + Duration.ofDays(5 * 366).toMillis())
                .containsPattern("\\+ inbox\\.guard .*retention\\.ms="
                        + Duration.ofDays(30).toMillis());

        Result apply = run("admin", "apply");
        assertThat(apply.exit).as(apply.err).isZero();
        assertThat(apply.out)
                .contains("Applied: 29 topics created"); // per agency ingress, inbox, keys, referrals; then 9 shared

        // New ACLs reach the broker's authorizer (which answers describeAcls) a moment after createAcls returns.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Result again = run("admin", "apply");
            assertThat(again.exit).as(again.err).isZero();
            assertThat(again.out)
                    .contains("= ingress.cpd", "Applied: 0 topics created, 0 topic configs set, 0 ACLs created");
        });
    }

    @Test
    void rotatingAPasswordChangesTheStoredOne() throws Exception {
        assertThat(run("admin", "users").exit).isZero();
        String before = Files.readString(secrets.resolve("auditor.password"));

        Result rotate = run("admin", "users", "--rotate", "auditor");

        assertThat(rotate.exit).as(rotate.err).isZero();
        assertThat(rotate.out).contains("~ rotate  auditor");
        assertThat(Files.readString(secrets.resolve("auditor.password"))).isNotEqualTo(before);
    }

    @Test
    void aWrongAdminPasswordIsOneSentenceAndExitOne(@TempDir Path otherSecrets) throws Exception {
        Files.writeString(otherSecrets.resolve("admin.password"), "not-the-admin-password\n");
        Result result =
                run("admin", "apply", "--dry-run", "--secrets-dir", otherSecrets.toString(), "--timeout", "PT10S");
        assertThat(result.exit).as(result.err).isEqualTo(1);
        assertThat(result.err).contains("liaison admin apply:").contains("uthentication failed");
    }

    @Test
    void aPlaintextProtocolIsRefusedBeforeAnyConnection() {
        Result result = run("admin", "apply", "--dry-run", "--security-protocol", "SASL_PLAINTEXT");
        assertThat(result.exit).as(result.err).isEqualTo(1);
        assertThat(result.err).contains("kafka.security.protocol (command line): 'SASL_PLAINTEXT' is not SASL_SSL");
    }

    @Test
    void aTrustStoreThatCannotBeOpenedIsNamed(@TempDir Path elsewhere) throws Exception {
        Path store = elsewhere.resolve("truststore.p12");
        Files.writeString(store, "not a key store");
        Files.writeString(elsewhere.resolve("truststore.p12.password"), "some-password\n");

        Result result = run("admin", "apply", "--dry-run", "--truststore", store.toString());

        assertThat(result.exit).as(result.err).isEqualTo(1);
        assertThat(result.err).contains("tls.truststore", store.toString(), "cannot be opened as PKCS#12");
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", broker.bootstrapServers(), "--policy", POLICY.toString()));
        if (!all.contains("--security-protocol")) {
            all.addAll(List.of("--security-protocol", "SASL_SSL"));
        }
        if (!all.contains("--truststore")) {
            all.addAll(List.of(
                    "--truststore",
                    broker.adminConnection().trust().trustStore().toString()));
        }
        if (!all.contains("--secrets-dir")) {
            all.addAll(List.of("--secrets-dir", secrets.toString()));
        }
        CommandLine cl = Liaison.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }
}
