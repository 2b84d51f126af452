package io.liaison.systemtests.demo;

import io.liaison.demo.ScenarioReport;
import io.liaison.demo.DemoScenario;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.ExternalBackbone;
import io.liaison.cluster.security.ClientSecurity;
import io.liaison.cluster.topics.TopicPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The demo scenario and {@link EndToEndIT}'s outcome assertions on a cluster and registry the
 * backbone did not start: the official {@code apache/kafka} image and Confluent's schema registry,
 * reached through {@link ExternalBackbone} as an operator's existing deployment would be. Needs
 * Docker; without it JUnit reports the class skipped with Testcontainers' reason, "Docker is not
 * available".
 */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("End to end on apache/kafka and confluentinc/cp-schema-registry (skipped when Docker is not available)")
class ContainerEndToEndIT {
    private static final String CONFLUENT_VERSION = "7.9.0";
    private static final Network NETWORK = Network.newNetwork();

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.0"))
            .withNetwork(NETWORK)
            .withListener("kafka:19092");

    // The registry keeps its schemas in Kafka, so it reaches the broker on the containers' network.
    @Container
    private static final GenericContainer<?> SCHEMA_REGISTRY =
            new GenericContainer<>(DockerImageName.parse("confluentinc/cp-schema-registry:" + CONFLUENT_VERSION))
                    .withNetwork(NETWORK)
                    .withExposedPorts(8081)
                    .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                    .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                    .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                    .dependsOn(KAFKA)
                    .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

    @TempDir
    static Path home;
    static ExternalBackbone stack;
    static ScenarioReport scenario;

    @BeforeAll
    static void runScenario() {
        PrintWriter quiet = new PrintWriter(new StringWriter(), true);
        String registryUrl = "http://" + SCHEMA_REGISTRY.getHost() + ":" + SCHEMA_REGISTRY.getMappedPort(8081);
        // a single unsecured broker: every principal connects in plaintext, one replica per partition
        ExternalBackbone.Cluster cluster = new ExternalBackbone.Cluster(KAFKA.getBootstrapServers(), registryUrl,
                TopicPlan.embedded(), user -> ClientSecurity.plaintext());
        stack = ExternalBackbone.start(cluster, "liaison-streams@containers", new LiaisonHome(home),
                Path.of("../config/policy.yaml"), quiet);
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
}
