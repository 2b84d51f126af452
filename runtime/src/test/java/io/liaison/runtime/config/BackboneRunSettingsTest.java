package io.liaison.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.cluster.topics.AclPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackboneRunSettingsTest {
    @TempDir
    Path home;

    private SettingSources sources(Map<String, String> env) {
        return new SettingSources(new LiaisonHome(home), env, Optional.empty());
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
        assertThat(s.registryUrl()).isEqualTo("http://r:8081");
        assertThat(s.pkiDir()).isEqualTo(home.resolve("pki").toAbsolutePath());
        assertThat(s.checkpointInterval()).isEmpty();
        assertThat(s.clientProperties()).containsEntry("security.protocol", "PLAINTEXT");
        assertThat(s.rules().ingressPartitions()).isEqualTo(3);
        assertThat(s.pseudonyms()).isEqualTo(new PseudonymSettings(home.resolve("secrets/pseudonym.key"), Duration.ofDays(30)));
    }

    @Test
    void thePinnedPartitionCountAndThePseudonymSecretAndPeriodComeFromTheEnvironment() {
        Map<String, String> env = Map.of("LIAISON_BOOTSTRAP_SERVERS", "k:9092", "LIAISON_REGISTRY_URL", "http://r:8081",
                "LIAISON_PKI_DIR", "/pki", "LIAISON_POLICY", "/policy.yaml", "LIAISON_TOPIC_PARTITIONS", "12",
                "LIAISON_PSEUDONYM_SECRET_FILE", "/run/secrets/pseudonym.key", "LIAISON_PSEUDONYM_PERIOD", "P7D");

        BackboneRunSettings s = BackboneRunSettings.resolve(sources(env), Map.of());

        assertThat(s.rules().ingressPartitions()).isEqualTo(12);
        assertThat(s.pseudonyms()).isEqualTo(new PseudonymSettings(Path.of("/run/secrets/pseudonym.key"), Duration.ofDays(7)));
        assertThatThrownBy(() -> BackboneRunSettings.resolve(sources(Map.of("LIAISON_BOOTSTRAP_SERVERS", "k:9092",
                "LIAISON_REGISTRY_URL", "http://r:8081", "LIAISON_PKI_DIR", "/pki", "LIAISON_POLICY", "/policy.yaml",
                "LIAISON_PSEUDONYM_PERIOD", "PT0S")), Map.of())).hasMessageStartingWith("LIAISON_PSEUDONYM_PERIOD: ");
    }

    @Test
    void theConfigFileAndTheCommandLineSetTheRest() throws IOException {
        Path config = Files.writeString(home.resolve("backbone.properties"), String.join("\n",
                "bootstrap.servers=k:9092", "schema.registry.url=http://r:8081", "pki.dir=/pki", "policy.file=/policy.yaml",
                "streams.application.id=backbone-b", "streams.replication.factor=3", "replay.window=P1D", "clock.skew=PT1M",
                "component=b1", "kafka.linger.ms=5", ""));
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
        assertThat(s.clientProperties()).containsEntry("linger.ms", "5");
    }

    @Test
    void theLoginComesFromTheSameSourcesAndItsPasswordStaysOutOfToString() throws IOException {
        Path password = Files.writeString(home.resolve("streams.password"), "s3cret-passw0rd-for-test\n");
        Map<String, String> env = Map.of("LIAISON_BOOTSTRAP_SERVERS", "k:9092", "LIAISON_REGISTRY_URL", "http://r:8081",
                "LIAISON_PKI_DIR", "/pki", "LIAISON_POLICY", "/policy.yaml",
                "LIAISON_KAFKA_SECURITY_PROTOCOL", "sasl_plaintext", "LIAISON_SCRAM_PASSWORD_FILE", password.toString());

        BackboneRunSettings s = BackboneRunSettings.resolve(sources(env), Map.of());

        assertThat(s.clientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .hasEntrySatisfying("sasl.jaas.config", jaas -> assertThat(jaas).contains("liaison-streams"));
        assertThat(s.toString()).doesNotContain("s3cret").contains("sasl.jaas.config");
        assertThat(sources(env).toString()).doesNotContain("LIAISON_");
    }

    @Test
    void aSkewNoShorterThanTheReplayWindowIsRefusedNamingBoth() {
        Map<String, String> env = Map.of("LIAISON_BOOTSTRAP_SERVERS", "k:9092", "LIAISON_REGISTRY_URL", "http://r:8081",
                "LIAISON_PKI_DIR", "/pki", "LIAISON_POLICY", "/policy.yaml", "LIAISON_REPLAY_WINDOW", "PT5M");

        assertThatThrownBy(() -> BackboneRunSettings.resolve(sources(env), Map.of()))
                .hasMessageStartingWith("invalid clock.skew / replay.window: ");
    }

    @Test
    void anApplicationIdTheAclsCannotGrantIsRefused() {
        Map<String, String> env = Map.of("LIAISON_BOOTSTRAP_SERVERS", "k:9092", "LIAISON_REGISTRY_URL", "http://r:8081",
                "LIAISON_PKI_DIR", "/pki", "LIAISON_POLICY", "/policy.yaml", "LIAISON_STREAMS_APPLICATION_ID", "has space");

        assertThatThrownBy(() -> BackboneRunSettings.resolve(sources(env), Map.of()))
                .hasMessage("LIAISON_STREAMS_APPLICATION_ID: 'has space' is not a Kafka name (letters, digits, '.', '_', '-')");
    }
}
