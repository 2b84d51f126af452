package io.liaison.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.cli.Liaison;
import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.KeyIds;
import io.liaison.pki.PemFiles;
import io.liaison.pki.PkiDirectory;
import io.liaison.policy.ChainLink;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyApproval;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.simulation.SimulationReport;
import io.liaison.policy.simulation.SimulationReport.CopyChange;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
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
        assertThat(out.toString()).contains("check", "explain", "simulate", "approve", "publish");
        assertThat(run("policy", "explain", "--help")).isZero();
        assertThat(out.toString()).contains("--recipient", "--purpose", "--message");
    }

    @Test
    void approveAndPublishHelpSayWhoSignsWhat() {
        assertThat(run("policy", "approve", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "Approve a policy version as ONE agency",
                        "--as=AGENCY",
                        "--pki-dir=DIR",
                        "--after=VERSION",
                        "--sequence=N",
                        "--genesis=FILE",
                        "--out=FILE");
        out.getBuffer().setLength(0);

        assertThat(run("policy", "publish", "--help")).isZero();
        assertThat(out.toString())
                .contains("--approval=APPROVAL", "this command signs nothing")
                .doesNotContain("--approve-as");
    }

    @Test
    void approveSignsWithTheNamedAgencysKeyAloneIntoADetachedFile(@TempDir Path dir) throws Exception {
        Path pki = pkiWith(dir, "cpd", "oversight");
        Files.writeString(
                pki.resolve("agencies/oversight/signing.key"), "not a key: approving as cpd must not read it");
        Path candidate = candidate(dir, "approved-once");
        Policy genesis = PolicyLoader.load(POLICY);

        assertThat(run(
                        "policy",
                        "approve",
                        candidate.toString(),
                        "--as",
                        "cpd",
                        "--pki-dir",
                        pki.toString(),
                        "--after",
                        genesis.version(),
                        "--sequence",
                        "1"))
                .as(err.toString())
                .isZero();

        Path file = dir.resolve("candidate.yaml.cpd.approval.json");
        PolicyApproval approval = PolicyApproval.fromJson(new ObjectMapper().readTree(Files.readString(file)));
        TrustStore trust = PkiDirectory.at(pki).loadTrustStore(Clock.systemUTC());
        String cpdKey = KeyIds.of(PemFiles.readCertificate(pki.resolve("agencies/cpd/signing.crt")));
        assertThat(approval.approver()).isEqualTo("cpd");
        assertThat(approval.keyId()).isEqualTo(cpdKey);
        assertThat(approval.link())
                .isEqualTo(ChainLink.genesis(genesis.version())
                        .next(PolicyLoader.load(candidate).version()));
        assertThat(Ed25519.verify(
                        trust.key(cpdKey).orElseThrow().publicKey(), approval.signingInput(), approval.signature()))
                .isTrue();
        assertThat(out.toString())
                .contains("cpd approves " + candidate + " as policy #1 ", "approval written to " + file);
        assertThat(err.toString()).contains("also holds the private signing keys of [oversight] (not read)");
    }

    @Test
    void approveShowsTheSimulationOfExactlyThisPlaceAndRefusesAnotherBeforeSigning(@TempDir Path dir) throws Exception {
        Path pki = pkiWith(dir, "cpd");
        Path candidate = candidate(dir, "simulated");
        String genesis = PolicyLoader.load(POLICY).version();
        String version = PolicyLoader.load(candidate).version();
        SimulationReport report = new SimulationReport(
                genesis,
                version,
                Instant.parse("2026-12-01T00:00:00Z"),
                3,
                Map.of(),
                Map.of(),
                Map.of(
                        new SimulationReport.CopyKey(
                                "ice", "SituationReport", "crowd-safety", CopyChange.NEWLY_WITHHELD),
                        2L),
                Map.of());
        Path simulation = dir.resolve("sim.json");
        Files.writeString(simulation, report.toJson().toString());
        Path stale = dir.resolve("stale.json");
        Files.writeString(
                stale,
                new SimulationReport(
                                "sha256:" + "0".repeat(64),
                                version,
                                report.since(),
                                3,
                                Map.of(),
                                Map.of(),
                                report.copies(),
                                Map.of())
                        .toJson()
                        .toString());
        String[] offline = {"--as", "cpd", "--pki-dir", pki.toString(), "--after", genesis, "--sequence", "1"};

        assertThat(run(concat(
                        new String[] {"policy", "approve", candidate.toString(), "--simulation", stale.toString()},
                        offline)))
                .isNotZero();
        assertThat(err.toString()).contains("compared with policy sha256:000", "simulate again; nothing signed");
        assertThat(dir.resolve("candidate.yaml.cpd.approval.json")).doesNotExist();

        assertThat(run(concat(
                        new String[] {"policy", "approve", candidate.toString(), "--simulation", simulation.toString()},
                        offline)))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("ice · SituationReport · crowd-safety: 2 copies would newly be withheld")
                .contains("cpd approves " + candidate);
        assertThat(dir.resolve("candidate.yaml.cpd.approval.json")).exists();
    }

    @Test
    void simulateNamesAnUnreadableSinceBeforeConnecting() {
        assertThat(run("policy", "simulate", POLICY.toString(), "--since", "last tuesday"))
                .isNotZero();
        assertThat(err.toString()).contains("--since 'last tuesday' is neither a duration");
    }

    @Test
    void approveRefusesAnAgencyWithoutItsOwnKeyAndAHalfGivenOfflinePlace(@TempDir Path dir) throws Exception {
        Path pki = pkiWith(dir, "cpd");
        Path candidate = candidate(dir, "no-key");

        assertThat(run(
                        "policy",
                        "approve",
                        candidate.toString(),
                        "--as",
                        "oversight",
                        "--pki-dir",
                        pki.toString(),
                        "--after",
                        PolicyLoader.load(POLICY).version(),
                        "--sequence",
                        "1"))
                .isEqualTo(1);
        assertThat(run(
                        "policy",
                        "approve",
                        candidate.toString(),
                        "--as",
                        "cpd",
                        "--pki-dir",
                        pki.toString(),
                        "--sequence",
                        "1"))
                .isEqualTo(1);

        assertThat(err.toString())
                .contains("cannot sign as oversight: no agency-signing certificate for oversight")
                .contains("--after and --sequence go together");
        assertThat(dir.resolve("candidate.yaml.oversight.approval.json")).doesNotExist();
    }

    @Test
    void publishRefusesApprovalsOfAnotherFileOrOfDifferentPlacesBeforeConnecting(@TempDir Path dir) throws Exception {
        Path pki = pkiWith(dir, "cpd", "oversight");
        Path candidate = candidate(dir, "published");
        String genesis = PolicyLoader.load(POLICY).version();
        assertThat(run(
                        "policy",
                        "approve",
                        candidate.toString(),
                        "--as",
                        "cpd",
                        "--pki-dir",
                        pki.toString(),
                        "--after",
                        genesis,
                        "--sequence",
                        "1"))
                .isZero();
        assertThat(run(
                        "policy",
                        "approve",
                        candidate.toString(),
                        "--as",
                        "oversight",
                        "--pki-dir",
                        pki.toString(),
                        "--after",
                        genesis,
                        "--sequence",
                        "2",
                        "--out",
                        dir.resolve("elsewhere.json").toString()))
                .isZero();
        Path cpdApproval = dir.resolve("candidate.yaml.cpd.approval.json");

        assertThat(run(
                        "policy",
                        "publish",
                        POLICY.toString(),
                        "--approval",
                        cpdApproval.toString(),
                        "--bootstrap-servers",
                        "127.0.0.1:1"))
                .isEqualTo(1);
        assertThat(run(
                        "policy",
                        "publish",
                        candidate.toString(),
                        "--approval",
                        cpdApproval.toString(),
                        "--approval",
                        dir.resolve("elsewhere.json").toString(),
                        "--bootstrap-servers",
                        "127.0.0.1:1"))
                .isEqualTo(1);

        assertThat(err.toString())
                .contains(cpdApproval + " approves "
                        + PolicyLoader.load(candidate).version() + ", not " + POLICY)
                .contains(dir.resolve("elsewhere.json") + " approves #2 ")
                .contains("all approvals must sign the same place in the chain, nothing published");
    }

    @Test
    void publishNeedsDetachedApprovalsAndNoLongerSignsForAnyone() {
        assertThat(run("policy", "publish", POLICY.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--approval=APPROVAL'");

        assertThat(run(
                        "policy",
                        "publish",
                        POLICY.toString(),
                        "--approval",
                        "cpd.approval.json",
                        "--approve-as",
                        "cpd",
                        "--approve-as",
                        "oversight"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--approve-as'");
    }

    @Test
    void checkPrintsTheVersionOfAValidPolicy() {
        assertThat(run("policy", "check", POLICY.toString())).isZero();

        assertThat(out.toString())
                .contains(POLICY + ": valid")
                .containsPattern("version +sha256:[0-9a-f]{64}")
                .contains("agencies   cpd, ice, guard, oversight, public");
    }

    @Test
    void checkRefusesAnEscalationPathThatLoopsOrNamesAnUnknownRole(@TempDir Path dir) throws Exception {
        Path looping = dir.resolve("looping.yaml");
        Files.writeString(
                looping,
                Files.readString(POLICY)
                        .replace(
                                "        - notify: cpd/legal-adviser\n          within: PT15M",
                                "        - notify: guard/unit-commander\n          within: PT15M")
                        .replace("        - notify: cpd/incident-commander\n", "        - notify: cpd/commissioner\n"));

        assertThat(run("policy", "check", looping.toString())).isEqualTo(1);

        assertThat(err.toString())
                .contains("command.directives.crowd-safety-measure.escalation[1].notify: the escalation path loops:"
                        + " guard/unit-commander is already step 0")
                .contains("command.directives.resource-tasking.escalation[1].notify: unknown role 'cpd/commissioner'")
                .contains("2 errors; the policy was not loaded");
    }

    @Test
    void explainCommandPrintsRolesContactsGrantsAndEscalationPaths() {
        assertThat(run("policy", "explain", "--policy", POLICY.toString(), "--command"))
                .isZero();

        assertThat(out.toString())
                .contains("incident-commander  Incident Commander: Cmdr. Rosa Alvarez")
                .contains("directive crowd-safety-measure")
                .contains("cpd/incident-commander may direct guard/liaison-officer, ice/liaison-officer")
                .contains("1. guard/unit-commander (Joint Task Force Commander), who has 10 minutes to answer")
                .contains("3. oversight/duty-officer (Oversight Duty Officer), who has 30 minutes to answer")
                .contains("then it is recorded as unresolved");
    }

    @Test
    void checkPrintsEveryErrorAndExitsOne(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(
                broken,
                Files.readString(POLICY)
                        .replace(
                                "recipients: [ice]\n      purposes: [violent-crime-investigation]",
                                "recipients: [ICE]\n      purposes: [violent-crime-investigation]")
                        .replace("  required: 2", "  required: 5"));

        assertThat(run("policy", "check", broken.toString())).isEqualTo(1);

        assertThat(err.toString())
                .contains(broken + ":")
                .contains("match.recipients: unknown agency 'ICE'")
                .contains("approvals.required: must be between 1 and the number of approvers (2), was 5")
                .contains("2 errors; the policy was not loaded");
    }

    @Test
    void explainShowsTheRuleAndWhyEachFieldIsKeptOrWithheld() {
        assertThat(run(
                        "policy",
                        "explain",
                        "--policy",
                        POLICY.toString(),
                        "--message",
                        MESSAGE.toString(),
                        "--recipient",
                        "ice"))
                .isZero();

        String text = out.toString();
        assertThat(text)
                .contains(
                        "decision    DELIVER under purpose violent-crime-investigation by rule cpd-violent-incidents-to-ice-task-force")
                .contains("profile     ice-task-force")
                .contains("retention   keep P5Y, review every P1Y")
                .containsPattern(
                        "involvedPersons\\[0\\]\\.immigrationStatus +IMMIGRATION_STATUS,PII +DROP +IMMIGRATION_STATUS: DROP")
                .containsPattern("narrative +FREE_TEXT +DROP +FREE_TEXT: DROP")
                .containsPattern("involvedPersons\\[0\\]\\.name +NAME,PII +KEEP");
    }

    @Test
    void explainForOversightShowsDefaultDenyOfUnlistedTags() {
        assertThat(run(
                        "policy",
                        "explain",
                        "--policy",
                        POLICY.toString(),
                        "--message",
                        MESSAGE.toString(),
                        "--recipient",
                        "oversight"))
                .isZero();

        assertThat(out.toString())
                .contains("rule oversight-sees-every-dissemination")
                .containsPattern(
                        "involvedPersons\\[0\\]\\.name +NAME,PII +DROP +NAME: not in profile, so DROP \\(default deny\\)")
                .containsPattern("reportingOfficer +STAFF +PSEUDONYMIZE")
                .containsPattern("-> \"P-[0-9a-f]{32}\"")
                .containsPattern("location\\.latitude +LOCATION,OPERATIONAL +GENERALIZE")
                .contains("-> 41.88");
    }

    @Test
    void explainNamesTheDenyRuleForAForbiddenPurpose() {
        assertThat(run(
                        "policy",
                        "explain",
                        "--policy",
                        POLICY.toString(),
                        "--message",
                        MESSAGE.toString(),
                        "--recipient",
                        "ice",
                        "--purpose",
                        "civil-immigration-enforcement"))
                .isZero();

        assertThat(out.toString())
                .contains("decision    DENY by cpd-data-never-for-civil-immigration")
                .contains("nothing is delivered to ice");
    }

    @Test
    void aPayloadThatDoesNotFitItsSchemaIsReportedByFieldPath(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(MESSAGE).replace("\"1990-03-14\"", "\"14 March\""));

        assertThat(run(
                        "policy",
                        "explain",
                        "--policy",
                        POLICY.toString(),
                        "--message",
                        bad.toString(),
                        "--recipient",
                        "ice"))
                .isEqualTo(1);

        assertThat(err.toString())
                .contains("payload.involvedPersons[0].dateOfBirth: expected a date YYYY-MM-DD, got \"14 March\"");
    }

    @Test
    void anUnknownRecipientIsAUserError() {
        assertThat(run(
                        "policy",
                        "explain",
                        "--policy",
                        POLICY.toString(),
                        "--message",
                        MESSAGE.toString(),
                        "--recipient",
                        "fbi"))
                .isEqualTo(1);

        assertThat(err.toString()).contains("unknown recipient 'fbi'");
    }

    /** A PKI directory with a signing key for each agency, made with `liaison pki`. */
    private Path pkiWith(Path dir, String... agencies) {
        Path pki = dir.resolve("pki");
        assertThat(run("pki", "init", "--dir", pki.toString()))
                .as(err.toString())
                .isZero();
        for (String agency : agencies) {
            assertThat(run("pki", "issue", agency, "--dir", pki.toString()))
                    .as(err.toString())
                    .isZero();
        }
        return pki;
    }

    /** The example policy with one rule renamed: a new version. */
    private static Path candidate(Path dir, String tag) throws Exception {
        Path file = dir.resolve("candidate.yaml");
        Files.writeString(
                file,
                Files.readString(POLICY).replace("community-notices-to-public", "community-notices-to-public-" + tag));
        return file;
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

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
