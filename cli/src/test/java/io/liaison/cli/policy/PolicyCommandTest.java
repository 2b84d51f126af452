package io.liaison.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cli.Liaison;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyCommandTest {
    private static final Path POLICY = examplePolicy();
    private static final Path MESSAGE = resource("/policy/incident-report.json");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Liaison.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void policyHelpListsItsSubcommands() {
        assertThat(run("policy", "--help")).isZero();
        assertThat(out.toString()).contains("check", "explain");
        assertThat(run("policy", "explain", "--help")).isZero();
        assertThat(out.toString()).contains("--recipient", "--purpose", "--message");
    }

    @Test
    void checkPrintsTheVersionOfAValidPolicy() {
        assertThat(run("policy", "check", POLICY.toString())).isZero();

        assertThat(out.toString()).contains(POLICY + ": valid").containsPattern("version +sha256:[0-9a-f]{64}")
                .contains("agencies   cpd, ice, guard, oversight, public");
    }

    @Test
    void checkPrintsEveryErrorAndExitsOne(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, Files.readString(POLICY)
                .replace("recipients: [ice]\n      purposes: [violent-crime-investigation]", "recipients: [ICE]\n      purposes: [violent-crime-investigation]")
                .replace("  required: 2", "  required: 5"));

        assertThat(run("policy", "check", broken.toString())).isEqualTo(1);

        assertThat(err.toString()).contains(broken + ":").contains("match.recipients: unknown agency 'ICE'")
                .contains("approvals.required: must be between 1 and the number of approvers (2), was 5")
                .contains("2 errors; the policy was not loaded");
    }

    @Test
    void explainShowsTheRuleAndWhyEachFieldIsKeptOrWithheld() {
        assertThat(run("policy", "explain", "--policy", POLICY.toString(), "--message", MESSAGE.toString(),
                "--recipient", "ice")).isZero();

        String text = out.toString();
        assertThat(text).contains("decision    DELIVER under purpose violent-crime-investigation by rule cpd-violent-incidents-to-ice-task-force")
                .contains("profile     ice-task-force")
                .containsPattern("involvedPersons\\[0\\]\\.immigrationStatus +IMMIGRATION_STATUS,PII +DROP +IMMIGRATION_STATUS: DROP")
                .containsPattern("narrative +FREE_TEXT +DROP +FREE_TEXT: DROP")
                .containsPattern("involvedPersons\\[0\\]\\.name +NAME,PII +KEEP");
    }

    @Test
    void explainForOversightShowsDefaultDenyOfUnlistedTags() {
        assertThat(run("policy", "explain", "--policy", POLICY.toString(), "--message", MESSAGE.toString(),
                "--recipient", "oversight")).isZero();

        assertThat(out.toString()).contains("rule oversight-sees-every-dissemination")
                .containsPattern("involvedPersons\\[0\\]\\.name +NAME,PII +DROP +NAME: not in profile, so DROP \\(default deny\\)")
                .containsPattern("reportingOfficer +STAFF +PSEUDONYMIZE")
                .containsPattern("-> \"P-[0-9a-f]{32}\"")
                .containsPattern("location\\.latitude +LOCATION,OPERATIONAL +GENERALIZE")
                .contains("-> 41.88");
    }

    @Test
    void explainNamesTheDenyRuleForAForbiddenPurpose() {
        assertThat(run("policy", "explain", "--policy", POLICY.toString(), "--message", MESSAGE.toString(),
                "--recipient", "ice", "--purpose", "civil-immigration-enforcement")).isZero();

        assertThat(out.toString()).contains("decision    DENY by cpd-data-never-for-civil-immigration")
                .contains("nothing is delivered to ice");
    }

    @Test
    void aPayloadThatDoesNotFitItsSchemaIsReportedByFieldPath(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(MESSAGE).replace("\"1990-03-14\"", "\"14 March\""));

        assertThat(run("policy", "explain", "--policy", POLICY.toString(), "--message", bad.toString(), "--recipient", "ice"))
                .isEqualTo(1);

        assertThat(err.toString()).contains("payload.involvedPersons[0].dateOfBirth: expected a date YYYY-MM-DD, got \"14 March\"");
    }

    @Test
    void anUnknownRecipientIsAUserError() {
        assertThat(run("policy", "explain", "--policy", POLICY.toString(), "--message", MESSAGE.toString(),
                "--recipient", "fbi")).isEqualTo(1);

        assertThat(err.toString()).contains("unknown recipient 'fbi'");
    }

    private static Path examplePolicy() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/policy.yaml"))) {
                return dir.resolve("config/policy.yaml");
            }
        }
        throw new IllegalStateException("config/policy.yaml not found");
    }

    private static Path resource(String name) {
        try {
            return Path.of(PolicyCommandTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
