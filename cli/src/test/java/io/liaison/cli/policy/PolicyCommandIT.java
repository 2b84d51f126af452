package io.liaison.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.cli.CommandRun;
import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.ControlPlanePublisher;
import io.liaison.controlplane.PolicyHolder;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.BrokerSecurity;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.PkiDirectory;
import io.liaison.policy.ChainLink;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.PolicyProposal;
import io.liaison.runtime.BackboneNode;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy approve} and {@code policy publish} as approvers run them, against a broker of its
 * own whose policy topic starts at the example policy: each agency signs alone, publish only
 * collects, and a backbone follows the result. A backbone or approver pinned to another genesis
 * refuses in one sentence. The broker runs as production does (SASL_SSL with its own CA, SCRAM,
 * ACLs); the commands log in as its super user over TLS, as the home's connection.properties says.
 */
class PolicyCommandIT {
    private static final Path GENESIS =
            Path.of("../config/policy.yaml").toAbsolutePath().normalize();
    private static final String HOME_PROPERTY = "liaison.home";

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static Path pki;
    private static String previousHome;

    @BeforeAll
    static void start() throws Exception {
        Path home = dir.resolve("home");
        previousHome = System.setProperty(HOME_PROPERTY, home.toString());
        Path secrets = dir.resolve("secrets");
        broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(
                dir.resolve("kafka"),
                BrokerSecurity.ensure(
                        PkiDirectory.at(dir.resolve("kafka-pki")), CredentialStore.at(secrets), Clock.systemUTC())));
        // no demo connection: only the login (the super user, over TLS); the commands get the cluster as options
        Files.createDirectories(home);
        // backbone run checks its pseudonym secret before it reaches the control plane this test is about
        BackboneNode.ensurePseudonymSecret(new LiaisonHome(home).pseudonymSecret());
        Files.writeString(
                home.resolve("connection.properties"),
                String.join(
                        "\n",
                        LiaisonSettings.SCRAM_USER.key().orElseThrow() + "=" + Principals.ADMIN,
                        LiaisonSettings.SECRETS_DIR.key().orElseThrow() + "=" + secrets.toAbsolutePath(),
                        LiaisonSettings.TLS_TRUSTSTORE.key().orElseThrow() + "="
                                + broker.adminConnection().trust().trustStore().toAbsolutePath(),
                        ""));
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            new ClusterAdmin(admin, Duration.ofSeconds(30))
                    .ensureTopics(TopicPlan.embedded().topics(List.of("cpd", "oversight")));
        }
        pki = dir.resolve("pki");
        for (List<String> args : List.of(List.of("init"), List.of("issue", "cpd"), List.of("issue", "oversight"))) {
            CommandRun run = liaison(concat(List.of("pki"), args, List.of("--dir", pki.toString())));
            assertThat(run.exitCode()).as(run.err()).isZero();
        }
        try (ControlPlanePublisher publisher = new ControlPlanePublisher(
                broker.bootstrapServers(),
                new HashMap<>(broker.adminConnection().properties()))) {
            publisher.publishPolicy(PolicyProposal.genesis(GENESIS.toString(), PolicyLoader.load(GENESIS)));
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
        if (previousHome == null) {
            System.clearProperty(HOME_PROPERTY);
        } else {
            System.setProperty(HOME_PROPERTY, previousHome);
        }
    }

    @Test
    void eachApproverSignsWithItsOwnKeyThenPublishCollectsTheFilesAndABackboneFollows() throws Exception {
        Path candidate = dir.resolve("tightened.yaml");
        Files.writeString(
                candidate,
                Files.readString(GENESIS).replace("community-notices-to-public", "community-notices-to-public-cli"));
        Policy genesis = PolicyLoader.load(GENESIS);
        ChainLink expected = ChainLink.genesis(genesis.version())
                .next(PolicyLoader.load(candidate).version());

        CommandRun cpd = liaison(approve(candidate, "cpd", GENESIS));
        CommandRun oversight = liaison(approve(candidate, "oversight", GENESIS));
        assertThat(cpd.exitCode()).as(cpd.err()).isZero();
        assertThat(oversight.exitCode()).as(oversight.err()).isZero();
        assertThat(cpd.out()).contains("cpd approves " + candidate + " as policy " + expected);

        CommandRun publish = liaison(List.of(
                "policy",
                "publish",
                candidate.toString(),
                "--approval",
                candidate + ".cpd.approval.json",
                "--approval",
                candidate + ".oversight.approval.json",
                "--bootstrap-servers",
                broker.bootstrapServers()));

        assertThat(publish.exitCode()).as(publish.err()).isZero();
        assertThat(publish.out())
                .contains("published " + candidate + " as policy " + expected + ", approved by [cpd, oversight]");
        TrustStore trust = PkiDirectory.at(pki).loadTrustStore(Clock.systemUTC());
        PolicyHolder backbone = new PolicyHolder(genesis, trust);
        try (ControlPlane ignored = new ControlPlane(
                        broker.bootstrapServers(),
                        new HashMap<>(broker.adminConnection().properties()),
                        trust,
                        PkiDirectory.at(pki).anchor(),
                        backbone)
                .start(Duration.ofSeconds(30))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> backbone.link().equals(expected));
        }
    }

    @Test
    void anApproverOrABackbonePinnedToAnotherGenesisRefusesInOneSentence() throws Exception {
        Path otherGenesis = dir.resolve("other-genesis.yaml");
        Files.writeString(
                otherGenesis,
                Files.readString(GENESIS).replace("community-notices-to-public", "community-notices-elsewhere"));
        String mismatch =
                "policy record at offset 0 cannot be followed from the pinned genesis, GENESIS_MISMATCH: the policy topic's "
                        + "chain starts at " + PolicyLoader.load(GENESIS).version() + ", but the pinned genesis is "
                        + PolicyLoader.load(otherGenesis).version();

        CommandRun approve = liaison(approve(otherGenesis, "cpd", otherGenesis));
        CommandRun backbone = liaison(List.of(
                "backbone",
                "run",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--registry-url",
                "http://127.0.0.1:9",
                "--pki-dir",
                pki.toString(),
                "--policy",
                otherGenesis.toString(),
                "--state-dir",
                dir.resolve("streams").toString()));

        assertThat(approve.exitCode()).isEqualTo(1);
        assertThat(approve.err().strip()).isEqualTo("liaison policy approve: " + mismatch);
        assertThat(backbone.exitCode()).isEqualTo(1);
        assertThat(backbone.err().strip())
                .isEqualTo("liaison backbone run: refusing to start: " + mismatch + " (genesis pinned by policy.file "
                        + otherGenesis + ")");
    }

    private static List<String> approve(Path file, String agency, Path genesis) {
        return List.of(
                "policy",
                "approve",
                file.toString(),
                "--as",
                agency,
                "--pki-dir",
                pki.toString(),
                "--genesis",
                genesis.toString(),
                "--bootstrap-servers",
                broker.bootstrapServers());
    }

    private static CommandRun liaison(List<String> args) {
        return CommandRun.execute(args.toArray(String[]::new));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
