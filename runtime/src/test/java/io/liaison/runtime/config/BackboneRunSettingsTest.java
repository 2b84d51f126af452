package io.liaison.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.AclPlan;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import io.liaison.runtime.StartupRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackboneRunSettingsTest {
    @TempDir
    Path home;

    private PkiDirectory pki;

    private SettingSources sources(Map<String, String> env) {
        return new SettingSources(new LiaisonHome(home), env, Optional.empty());
    }

    /** What the backbone logs in with: its password in the home's secrets, and a PKI whose trust store holds the CA. */
    @BeforeEach
    void passwordAndPki() {
        CredentialStore.at(new LiaisonHome(home).secrets()).ensure(Principals.STREAMS);
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        pki = PkiDirectory.at(home.resolve("pki"));
        pki.init("CA", Validity.starting(clock, Duration.ofDays(30)), Optional.empty(), random);
        pki.issueTls(
                pki.authority(Optional.empty(), clock, random),
                "kafka",
                CertificateKind.TLS_BROKER,
                List.of("localhost"),
                List.of(),
                Validity.starting(clock, Duration.ofDays(1)),
                Optional.empty(),
                random);
    }

    @Test
    void theDemosConnectionFileAndTheDefaultsAreEnoughToStart() {
        new ConnectionSettings("k:9092", "http://r:8081", home.resolve("pki"), home.resolve("policy.yaml"))
                .write(home.resolve("connection.properties"), Map.of());

        BackboneRunSettings s = BackboneRunSettings.resolve(sources(Map.of()), Map.of());

        assertThat(s.streams().applicationId()).isEqualTo(AclPlan.DEFAULT_STREAMS_APPLICATION_ID);
        assertThat(s.streams().bootstrapServers()).isEqualTo("k:9092");
        assertThat(s.streams().stateDir()).isEqualTo(home.resolve("streams"));
        assertThat(s.streams().threads()).isEqualTo(1);
        assertThat(s.streams().replicationFactor()).isEqualTo((short) -1);
        assertThat(s.rules().replayWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(s.rules().component()).startsWith("liaison-streams@");
        assertThat(s.registry().baseUrl()).hasToString("http://r:8081");
        assertThat(s.registry().tls()).isEmpty();
        assertThat(s.pkiDir()).isEqualTo(home.resolve("pki").toAbsolutePath());
        assertThat(s.checkpointInterval()).isEmpty();
        assertThat(s.checkpointState()).isEqualTo(home.resolve("checkpointer/last-checkpoint.note"));
        assertThat(s.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(
                        "ssl.truststore.location",
                        pki.trustStoreFile().toAbsolutePath().toString())
                .containsEntry("ssl.endpoint.identification.algorithm", "https");
        assertThat(s.rules().ingressPartitions()).isEqualTo(3);
        assertThat(s.pseudonyms())
                .isEqualTo(new PseudonymSettings(home.resolve("secrets/pseudonym.key"), Duration.ofDays(30)));
    }

    @Test
    void thePinnedPartitionCountAndThePseudonymSecretAndPeriodComeFromTheEnvironment() {
        Map<String, String> env = Map.of(
                "LIAISON_BOOTSTRAP_SERVERS",
                "k:9092",
                "LIAISON_REGISTRY_URL",
                "http://r:8081",
                "LIAISON_PKI_DIR",
                pki.root().toString(),
                "LIAISON_POLICY",
                "/policy.yaml",
                "LIAISON_TOPIC_PARTITIONS",
                "12",
                "LIAISON_PSEUDONYM_SECRET_FILE",
                "/run/secrets/pseudonym.key",
                "LIAISON_PSEUDONYM_PERIOD",
                "P7D");

        BackboneRunSettings s = BackboneRunSettings.resolve(sources(env), Map.of());

        assertThat(s.rules().ingressPartitions()).isEqualTo(12);
        assertThat(s.pseudonyms())
                .isEqualTo(new PseudonymSettings(Path.of("/run/secrets/pseudonym.key"), Duration.ofDays(7)));
        assertThatThrownBy(() -> BackboneRunSettings.resolve(
                        sources(Map.of(
                                "LIAISON_BOOTSTRAP_SERVERS",
                                "k:9092",
                                "LIAISON_REGISTRY_URL",
                                "http://r:8081",
                                "LIAISON_PKI_DIR",
                                pki.root().toString(),
                                "LIAISON_POLICY",
                                "/policy.yaml",
                                "LIAISON_PSEUDONYM_PERIOD",
                                "PT0S")),
                        Map.of()))
                .hasMessageStartingWith("LIAISON_PSEUDONYM_PERIOD: ");
    }

    @Test
    void theConfigFileAndTheCommandLineSetTheRest() throws IOException {
        Path config = Files.writeString(
                home.resolve("backbone.properties"),
                String.join(
                        "\n",
                        "bootstrap.servers=k:9092",
                        "schema.registry.url=https://r:8081",
                        "pki.dir=" + pki.root(),
                        "policy.file=/policy.yaml",
                        "streams.application.id=backbone-b",
                        "streams.replication.factor=3",
                        "replay.window=P1D",
                        "clock.skew=PT1M",
                        "component=b1",
                        "checkpoint.state.file=/state/last.note",
                        "kafka.linger.ms=5",
                        ""));
        Map<Setting<?>, String> options = new HashMap<>();
        options.put(LiaisonSettings.STREAMS_THREADS, "4");
        options.put(LiaisonSettings.CHECKPOINT_INTERVAL, "PT10S");

        BackboneRunSettings s = BackboneRunSettings.resolve(sources(Map.of()).withConfigFile(config), options);

        assertThat(s.streams().applicationId()).isEqualTo("backbone-b");
        assertThat(s.streams().threads()).isEqualTo(4);
        assertThat(s.streams().replicationFactor()).isEqualTo((short) 3);
        assertThat(s.rules().replayWindow()).isEqualTo(Duration.ofDays(1));
        assertThat(s.rules().maxClockSkew()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.rules().component()).isEqualTo("b1");
        assertThat(s.policyFile()).isEqualTo(Path.of("/policy.yaml"));
        assertThat(s.checkpointInterval()).contains(Duration.ofSeconds(10));
        assertThat(s.checkpointState()).isEqualTo(Path.of("/state/last.note"));
        assertThat(s.clientProperties()).containsEntry("linger.ms", "5").containsEntry("security.protocol", "SASL_SSL");
        assertThat(s.registry().tls())
                .as("an https registry is checked against the PKI's CA")
                .isPresent();
    }

    @Test
    void theLoginComesFromTheSameSourcesAndItsPasswordStaysOutOfToString() throws IOException {
        Path password = Files.writeString(home.resolve("streams.password"), "s3cret-passw0rd-for-test\n");
        Map<String, String> env = Map.of(
                "LIAISON_BOOTSTRAP_SERVERS",
                "k:9092",
                "LIAISON_REGISTRY_URL",
                "http://r:8081",
                "LIAISON_PKI_DIR",
                "/pki",
                "LIAISON_POLICY",
                "/policy.yaml",
                "LIAISON_KAFKA_SECURITY_PROTOCOL",
                "sasl_ssl",
                "LIAISON_SCRAM_PASSWORD_FILE",
                password.toString(),
                "LIAISON_TLS_TRUSTSTORE",
                pki.trustStoreFile().toString());

        BackboneRunSettings s = BackboneRunSettings.resolve(sources(env), Map.of());

        assertThat(s.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(
                        "ssl.truststore.location",
                        pki.trustStoreFile().toAbsolutePath().toString())
                .hasEntrySatisfying("sasl.jaas.config", jaas -> assertThat(jaas).contains("liaison-streams"));
        String trustStorePassword = s.clientProperties().get("ssl.truststore.password");
        assertThat(s.toString())
                .doesNotContain("s3cret")
                .doesNotContain(trustStorePassword)
                .contains("sasl.jaas.config");
        assertThat(sources(env).toString()).doesNotContain("LIAISON_");
    }

    @Test
    void aSkewNoShorterThanTheReplayWindowIsRefusedNamingBoth() {
        Map<String, String> env = Map.of(
                "LIAISON_BOOTSTRAP_SERVERS",
                "k:9092",
                "LIAISON_REGISTRY_URL",
                "http://r:8081",
                "LIAISON_PKI_DIR",
                "/pki",
                "LIAISON_POLICY",
                "/policy.yaml",
                "LIAISON_REPLAY_WINDOW",
                "PT5M");

        assertThatThrownBy(() -> BackboneRunSettings.resolve(sources(env), Map.of()))
                .hasMessageStartingWith("invalid clock.skew / replay.window: ");
    }

    @Test
    void anApplicationIdTheAclsCannotGrantIsRefused() {
        Map<String, String> env = Map.of(
                "LIAISON_BOOTSTRAP_SERVERS",
                "k:9092",
                "LIAISON_REGISTRY_URL",
                "http://r:8081",
                "LIAISON_PKI_DIR",
                "/pki",
                "LIAISON_POLICY",
                "/policy.yaml",
                "LIAISON_STREAMS_APPLICATION_ID",
                "has space");

        assertThatThrownBy(() -> BackboneRunSettings.resolve(sources(env), Map.of()))
                .hasMessage(
                        "LIAISON_STREAMS_APPLICATION_ID: 'has space' is not a Kafka name (letters, digits, '.', '_', '-')");
    }

    @Test
    void aPlaintextLoginOrAClientPropertyThatWouldUndoTlsIsRefusedNamingIt() {
        Map<String, String> env = new HashMap<>(Map.of(
                "LIAISON_BOOTSTRAP_SERVERS",
                "k:9092",
                "LIAISON_REGISTRY_URL",
                "http://r:8081",
                "LIAISON_PKI_DIR",
                pki.root().toString(),
                "LIAISON_POLICY",
                "/policy.yaml"));
        env.put("LIAISON_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        assertThatThrownBy(() -> BackboneRunSettings.resolve(sources(env), Map.of()))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessage("LIAISON_KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT' is not SASL_SSL");

        env.remove("LIAISON_KAFKA_SECURITY_PROTOCOL");
        env.put("LIAISON_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", " ");
        assertThatThrownBy(() -> BackboneRunSettings.resolve(sources(env), Map.of()))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageStartingWith(
                        "LIAISON_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM: ssl.endpoint.identification.algorithm "
                                + "must stay https");
    }

    @Test
    void withoutATrustStoreTheStartIsRefused() {
        Map<String, String> env = Map.of(
                "LIAISON_BOOTSTRAP_SERVERS",
                "k:9092",
                "LIAISON_REGISTRY_URL",
                "http://r:8081",
                "LIAISON_PKI_DIR",
                home.resolve("no-pki").toString(),
                "LIAISON_POLICY",
                "/policy.yaml");

        assertThatThrownBy(() -> BackboneRunSettings.resolve(sources(env), Map.of()))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("cannot use the PKI's trust store (pki.dir, LIAISON_PKI_DIR)")
                .hasMessageContaining("truststore.p12 does not exist");
    }
}
