package io.liaison.systemtests.demo;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.ClientTrust;
import io.liaison.cluster.security.ScramCredential;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.demo.DemoScenario;
import io.liaison.demo.ScenarioReport;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import io.liaison.runtime.ExternalBackbone;
import io.liaison.runtime.config.LiaisonHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The demo scenario and {@link EndToEndIT}'s outcome assertions on a cluster and registry the
 * backbone did not start: the official {@code apache/kafka} image configured by compose's
 * {@code deploy/kafka/start-broker.sh} (TLS on every listener, a certificate from a PKI of this
 * test's own) and Confluent's schema registry, reached through {@link ExternalBackbone} as an
 * operator's existing deployment would be; every principal logs in as the broker's super user, so
 * no users or ACLs are needed. The registry keeps its schemas in a broker of its own on the
 * containers' private network, in plaintext: what it stores is public schemas, and the registry's
 * own TLS set-up is compose's. Needs Docker; without it JUnit reports the class skipped with
 * Testcontainers' reason, "Docker is not available".
 */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("End to end on apache/kafka and confluentinc/cp-schema-registry (skipped when Docker is not available)")
class ContainerEndToEndIT {
    private static final String CONFLUENT_VERSION = "7.9.0";
    private static final Network NETWORK = Network.newNetwork();
    private static final ScramCredential ADMIN =
            new ScramCredential("admin", Passphrase.of("admin-password-for-container-tests"));
    private static final Path DEPLOY =
            Path.of("../deploy/kafka").toAbsolutePath().normalize();
    private static final PkiDirectory PKI = brokerPki("localhost");
    private static final PkiDirectory.Slot BROKER = PKI.slot("localhost", CertificateKind.TLS_BROKER);
    // The broker advertises the host port it is published on, so that port is fixed before start.
    private static final int HOST_PORT = EmbeddedKafkaBroker.freePort();

    @Container
    @SuppressWarnings("deprecation") // a fixed host port is the point: the broker must advertise it
    private static final FixedHostPortGenericContainer<?> KAFKA = new FixedHostPortGenericContainer<>(
                    "apache/kafka:4.1.0")
            .withFixedExposedPort(HOST_PORT, 9092)
            .withCopyFileToContainer(
                    MountableFile.forHostPath(DEPLOY.resolve("start-broker.sh"), 0755),
                    "/opt/liaison-deploy/start-broker.sh")
            .withCopyToContainer(
                    Transferable.of(new String(ADMIN.password().chars()) + "\n", 0644), "/run/secrets/admin.password")
            .withCopyFileToContainer(MountableFile.forHostPath(BROKER.keyStore(), 0644), "/etc/kafka/tls/broker.p12")
            .withCopyFileToContainer(
                    MountableFile.forHostPath(BROKER.keyStorePassword(), 0644), "/etc/kafka/tls/broker.p12.password")
            .withCopyFileToContainer(
                    MountableFile.forHostPath(PKI.trustStoreFile(), 0644), "/etc/kafka/tls/truststore.p12")
            .withCopyFileToContainer(
                    MountableFile.forHostPath(PKI.trustStoreFile().resolveSibling("truststore.p12.password"), 0644),
                    "/etc/kafka/tls/truststore.p12.password")
            .withCreateContainerCmdModifier(
                    cmd -> cmd.withEntrypoint("/bin/bash", "/opt/liaison-deploy/start-broker.sh"))
            .withEnv("KAFKA_NODE_ID", "1")
            .withEnv("KAFKA_CLUSTER_ID", "bGlhaXNvbi1jbHVzdGVyMQ")
            .withEnv("KAFKA_VOTERS", "1@localhost:9093")
            .withEnv("KAFKA_ADVERTISED_HOST", "localhost")
            .withEnv("KAFKA_ADVERTISED_PORT", String.valueOf(HOST_PORT))
            .withEnv("KAFKA_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_MIN_ISR", "1")
            .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(2)));

    @Container
    private static final KafkaContainer REGISTRY_STORE = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.0"))
            .withNetwork(NETWORK)
            .withListener("registry-store:19092");

    // The registry keeps its schemas in Kafka, so it reaches the broker on the containers' network.
    @Container
    private static final GenericContainer<?> SCHEMA_REGISTRY = new GenericContainer<>(
                    DockerImageName.parse("confluentinc/cp-schema-registry:" + CONFLUENT_VERSION))
            .withNetwork(NETWORK)
            .withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://registry-store:19092")
            .dependsOn(REGISTRY_STORE)
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

    @TempDir
    static Path home;

    static ExternalBackbone stack;
    static ScenarioReport scenario;

    @BeforeAll
    static void runScenario() {
        PrintWriter quiet = new PrintWriter(new StringWriter(), true);
        String registryUrl = "http://" + SCHEMA_REGISTRY.getHost() + ":" + SCHEMA_REGISTRY.getMappedPort(8081);
        // a single broker, one replica per partition; every principal is the super user over TLS
        ClientConnection admin = ClientConnection.scram(ADMIN, ClientTrust.fromPki(PKI));
        ExternalBackbone.Cluster cluster = new ExternalBackbone.Cluster(
                "localhost:" + HOST_PORT, registryUrl, TopicPlan.embedded(), user -> admin);
        stack = ExternalBackbone.start(
                cluster, "liaison-streams@containers", new LiaisonHome(home), Path.of("../config/policy.yaml"), quiet);
        scenario = new DemoScenario(stack, quiet).run(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oneRecipientGetsARedactedCopyOneAFullCopyAndANonPermittedOneNothing() {
        ScenarioAssertions.assertOneRedactedOneFullOneNothingAndEveryAttackQuarantined(scenario);
    }

    private static PkiDirectory brokerPki(String host) {
        try {
            PkiDirectory pki = PkiDirectory.at(Files.createTempDirectory("liaison-container-pki-"));
            Clock clock = Clock.systemUTC();
            SecureRandom random = new SecureRandom();
            pki.init(
                    CertificateAuthority.DEFAULT_NAME,
                    Validity.starting(clock, Validity.DEFAULT_CA),
                    Optional.empty(),
                    random);
            pki.issueTls(
                    pki.authority(Optional.empty(), clock, random),
                    host,
                    CertificateKind.TLS_BROKER,
                    List.of(host),
                    List.of("127.0.0.1"),
                    Validity.starting(clock, Duration.ofDays(1)),
                    Optional.empty(),
                    random);
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the container's PKI", e);
        }
    }
}
