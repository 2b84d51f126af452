package io.liaison.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.runtime.StartupRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingSourcesTest {
    @TempDir
    Path dir;

    private SettingSources sources(Map<String, String> env) {
        return new SettingSources(new LiaisonHome(dir), env, Optional.empty());
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theOptionWinsOverTheEnvironmentWhichWinsOverTheFilesWhichWinOverTheDefault() throws IOException {
        file("connection.properties", "bootstrap.servers=connection:9092\n");
        Path config = file("backbone.properties", "bootstrap.servers=config:9092\nreplay.window=P2D\n");
        SettingSources all =
                sources(Map.of("LIAISON_BOOTSTRAP_SERVERS", "env:9092")).withConfigFile(config);

        assertThat(all.lookup(LiaisonSettings.BOOTSTRAP_SERVERS, "option:9092")).contains("option:9092");
        assertThat(all.lookup(LiaisonSettings.BOOTSTRAP_SERVERS, null)).contains("env:9092");
        assertThat(sources(Map.of()).withConfigFile(config).lookup(LiaisonSettings.BOOTSTRAP_SERVERS, null))
                .contains("config:9092");
        assertThat(sources(Map.of()).lookup(LiaisonSettings.BOOTSTRAP_SERVERS, ""))
                .contains("connection:9092");
        assertThat(all.lookup(LiaisonSettings.REPLAY_WINDOW, null)).contains(Duration.ofDays(2));
        assertThat(sources(Map.of()).lookup(LiaisonSettings.REPLAY_WINDOW, null))
                .contains(Duration.ofDays(7));
    }

    @Test
    void onlySettingsDeclaredSoFallBackToTheConnectionFile() throws IOException {
        Path trustStore = file("truststore.p12", "a store");
        file(
                "connection.properties",
                "scram.user=auditor\ntls.truststore=" + trustStore + "\nreplay.window=P1D\nstreams.threads=4\n");

        assertThat(sources(Map.of()).lookup(LiaisonSettings.SCRAM_USER, null)).contains("auditor");
        assertThat(sources(Map.of()).lookup(LiaisonSettings.TLS_TRUSTSTORE, null))
                .contains(trustStore);
        assertThat(LiaisonSettings.REPLAY_WINDOW.connectionFile()).isFalse();
        assertThat(sources(Map.of()).lookup(LiaisonSettings.REPLAY_WINDOW, null))
                .contains(Duration.ofDays(7));
        assertThat(sources(Map.of()).lookup(LiaisonSettings.STREAMS_THREADS, null))
                .contains(1);
    }

    @Test
    void aBadValueIsRefusedNamingWhereItCameFrom() throws IOException {
        assertThatThrownBy(() ->
                        sources(Map.of("LIAISON_REPLAY_WINDOW", "P7X")).lookup(LiaisonSettings.REPLAY_WINDOW, null))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessage("LIAISON_REPLAY_WINDOW: 'P7X' is not an ISO-8601 duration");
        Path config = file("backbone.properties", "streams.threads=65\n");
        assertThatThrownBy(() -> sources(Map.of()).withConfigFile(config).lookup(LiaisonSettings.STREAMS_THREADS, null))
                .hasMessage("streams.threads in " + config + ": '65' is not a whole number from 1 to 64");
        assertThatThrownBy(() -> sources(Map.of()).lookup(LiaisonSettings.CLOCK_SKEW, "-PT1M"))
                .hasMessage("clock.skew (command line): '-PT1M' is not a positive ISO-8601 duration");
        assertThatThrownBy(() -> sources(Map.of("LIAISON_KAFKA_SECURITY_PROTOCOL", "SSL3"))
                        .lookup(LiaisonSettings.KAFKA_SECURITY_PROTOCOL, null))
                .hasMessage("LIAISON_KAFKA_SECURITY_PROTOCOL: 'SSL3' is not SASL_SSL");
        Path plaintext = file("plaintext.properties", "kafka.security.protocol=SASL_PLAINTEXT\n");
        assertThatThrownBy(() -> sources(Map.of())
                        .withConfigFile(plaintext)
                        .lookup(LiaisonSettings.KAFKA_SECURITY_PROTOCOL, null))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessage("kafka.security.protocol in " + plaintext + ": 'SASL_PLAINTEXT' is not SASL_SSL");
        assertThat(sources(Map.of()).lookup(LiaisonSettings.KAFKA_SECURITY_PROTOCOL, null))
                .contains("SASL_SSL");
    }

    @Test
    void aMissingRequiredSettingSaysWhereToPutIt() {
        assertThatThrownBy(() -> sources(Map.of()).require(LiaisonSettings.BOOTSTRAP_SERVERS, null))
                .hasMessage(
                        "no bootstrap.servers: pass the option, set LIAISON_BOOTSTRAP_SERVERS, or start `liaison demo`, which writes "
                                + dir.resolve("connection.properties"));
    }

    @Test
    void undeclaredKafkaClientPropertiesPassThroughFromTheConfigFileAndTheEnvironment() throws IOException {
        Path config = file(
                "backbone.properties",
                "kafka.linger.ms=5\nkafka.acks=1\nreplay.window=P1D\n" + "kafka.security.protocol=SASL_SSL\n");
        SettingSources s = sources(Map.of(
                        "LIAISON_KAFKA_ACKS",
                        "all",
                        "LIAISON_KAFKA_SSL_TRUSTSTORE_LOCATION",
                        "/t.jks",
                        "LIAISON_KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL"))
                .withConfigFile(config);

        assertThat(s.kafkaOverrides())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("linger.ms", "5", "acks", "all", "ssl.truststore.location", "/t.jks"));
    }

    @Test
    void aMissingConfigFileIsRefused() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> sources(Map.of()).withConfigFile(missing)).hasMessageContaining("--config " + missing);
    }

    @Test
    void aPassedThroughClientPropertyThatWouldUndoTlsIsRefusedNamingIt() throws IOException {
        assertThatThrownBy(() -> sources(Map.of("LIAISON_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", ""))
                        .kafkaOverrides())
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageStartingWith(
                        "LIAISON_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM: ssl.endpoint.identification.algorithm must stay https");
        Path config = file("backbone.properties", "kafka.ssl.enabled.protocols=TLSv1.2,TLSv1.1\n");
        assertThatThrownBy(() -> sources(Map.of()).withConfigFile(config).kafkaOverrides())
                .isInstanceOf(StartupRefusedException.class)
                .hasMessage("kafka.ssl.enabled.protocols in " + config
                        + ": ssl.enabled.protocols may name only TLSv1.3,TLSv1.2, " + "was 'TLSv1.2,TLSv1.1'");
        assertThat(sources(Map.of("LIAISON_KAFKA_SSL_PROTOCOL", "TLSv1.3")).kafkaOverrides())
                .containsEntry("ssl.protocol", "TLSv1.3");
    }
}
