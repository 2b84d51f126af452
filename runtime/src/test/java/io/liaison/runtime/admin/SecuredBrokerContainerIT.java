package io.liaison.runtime.admin;

import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.pki.Passphrase;
import io.liaison.cluster.security.ScramCredential;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.MountableFile;

/**
 * The broker security contract against the official {@code apache/kafka} image, configured by the
 * same {@code deploy/kafka/start-broker.sh} that docker-compose runs: what passes here is what the
 * compose brokers enforce. Needs Docker; without it JUnit reports the class skipped with
 * Testcontainers' reason, "Docker is not available".
 */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("Broker security contract against apache/kafka with deploy/kafka/start-broker.sh (skipped when Docker is not available)")
class SecuredBrokerContainerIT extends BrokerSecurityContract {
    private static final ScramCredential ADMIN = new ScramCredential("admin", Passphrase.of("admin-password-for-container-tests"));
    private static final Path DEPLOY = Path.of("../deploy/kafka").toAbsolutePath().normalize();
    // The broker advertises the host port it is published on, so that port is fixed before start.
    private static final int HOST_PORT = EmbeddedKafkaBroker.freePort();

    @Container
    @SuppressWarnings("deprecation") // a fixed host port is the point: the broker must advertise it
    private static final FixedHostPortGenericContainer<?> KAFKA = new FixedHostPortGenericContainer<>("apache/kafka:4.1.0")
            .withFixedExposedPort(HOST_PORT, 9092)
            .withCopyFileToContainer(MountableFile.forHostPath(DEPLOY.resolve("start-broker.sh"), 0755), "/opt/liaison-deploy/start-broker.sh")
            .withCopyFileToContainer(MountableFile.forHostPath(DEPLOY.resolve("client.properties.sh"), 0755), "/opt/liaison-deploy/client.properties.sh")
            .withCopyToContainer(org.testcontainers.images.builder.Transferable.of(new String(ADMIN.password().chars()) + "\n", 0644),
                    "/run/secrets/admin.password")
            .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/bash", "/opt/liaison-deploy/start-broker.sh"))
            .withEnv("KAFKA_NODE_ID", "1")
            .withEnv("KAFKA_CLUSTER_ID", "bGlhaXNvbi1jbHVzdGVyMQ")
            .withEnv("KAFKA_VOTERS", "1@localhost:9093")
            .withEnv("KAFKA_ADVERTISED_HOST", "localhost")
            .withEnv("KAFKA_ADVERTISED_PORT", String.valueOf(HOST_PORT))
            .withEnv("KAFKA_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_MIN_ISR", "1")
            .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(2)));

    @Override
    String bootstrapServers() {
        return "localhost:" + HOST_PORT;
    }

    @Override
    ScramCredential admin() {
        return ADMIN;
    }
}
