package io.liaison.runtime.admin;

import io.liaison.cluster.security.ClientTrust;
import io.liaison.cluster.security.ScramCredential;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
@DisplayName(
        "Broker security contract against apache/kafka with deploy/kafka/start-broker.sh (skipped when Docker is not available)")
class SecuredBrokerContainerIT extends BrokerSecurityContract {
    private static final ScramCredential ADMIN =
            new ScramCredential("admin", Passphrase.of("admin-password-for-container-tests"));
    private static final Path DEPLOY =
            Path.of("../deploy/kafka").toAbsolutePath().normalize();
    /** A PKI of its own; the node's certificate is named after the host it is dialled by, as in compose. */
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
            .withCopyFileToContainer(
                    MountableFile.forHostPath(DEPLOY.resolve("client.properties.sh"), 0755),
                    "/opt/liaison-deploy/client.properties.sh")
            .withCopyToContainer(
                    org.testcontainers.images.builder.Transferable.of(
                            new String(ADMIN.password().chars()) + "\n", 0644),
                    "/run/secrets/admin.password")
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

    @Override
    String bootstrapServers() {
        return "localhost:" + HOST_PORT;
    }

    @Override
    ScramCredential admin() {
        return ADMIN;
    }

    @Override
    ClientTrust trust() {
        return ClientTrust.fromPki(PKI);
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
