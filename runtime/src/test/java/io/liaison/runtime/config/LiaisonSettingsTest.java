package io.liaison.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.cluster.topics.AclPlan;
import io.liaison.streams.BackboneSettings;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiaisonSettingsTest {
    @Test
    void eachKeyAndVariableIsDeclaredOnce() {
        assertThat(LiaisonSettings.ALL.stream().map(Setting::env)).doesNotHaveDuplicates();
        assertThat(LiaisonSettings.ALL.stream().flatMap(s -> s.key().stream())).doesNotHaveDuplicates();
        assertThat(LiaisonSettings.forVariable("LIAISON_REPLAY_WINDOW")).contains(LiaisonSettings.REPLAY_WINDOW);
        assertThat(LiaisonSettings.forVariable("LIAISON_NOPE")).isEmpty();
    }

    @Test
    void defaultsTheLowerModulesNeedAreTheirConstants() {
        assertThat(LiaisonSettings.STREAMS_APPLICATION_ID.defaultValue())
                .contains(AclPlan.DEFAULT_STREAMS_APPLICATION_ID);
        assertThat(LiaisonSettings.REPLAY_WINDOW.defaultValue()).contains(BackboneSettings.DEFAULT_REPLAY_WINDOW);
        assertThat(LiaisonSettings.CLOCK_SKEW.defaultValue()).contains(BackboneSettings.DEFAULT_CLOCK_SKEW);
    }

    @Test
    void defaultsAreShownAsAnOperatorWritesThem() {
        assertThat(LiaisonSettings.REPLAY_WINDOW.defaultText()).isEqualTo("P7D");
        assertThat(LiaisonSettings.CLOCK_SKEW.defaultText()).isEqualTo("PT5M");
        assertThat(LiaisonSettings.CHECKPOINT_INTERVAL.defaultText()).isEqualTo("off");
        assertThat(SettingType.DURATION.format(Duration.ofHours(36))).isEqualTo("PT36H");
    }

    @Test
    void aSettingWhoseDefaultItsValidatorRefusesCannotBeDeclared() {
        assertThatThrownBy(() -> Setting.define("x.threads", "LIAISON_X_THREADS", SettingType.INT, "doc")
                        .validatedBy(Validator.between(1, 4))
                        .withDefault(5))
                .hasMessage("LIAISON_X_THREADS: default 5 is not a whole number from 1 to 4");
    }

    @Test
    void onlyAKeyedSettingCanFallBackToTheConnectionFile() {
        assertThatThrownBy(() -> Setting.environmentOnly("LIAISON_X", SettingType.STRING, "doc")
                        .fallsBackToConnectionFile())
                .hasMessageContaining("needs a key");
    }

    @Test
    void theManagementListenerIsOnLoopbackByDefaultAndItsAddressIsHostAndPort() {
        assertThat(LiaisonSettings.MANAGEMENT_LISTEN.defaultText()).isEqualTo("127.0.0.1:9464");
        assertThat(LiaisonSettings.MANAGEMENT_LISTEN.parse("[::1]:0", "x")).isEqualTo(new ListenAddress("::1", 0));
        assertThat(LiaisonSettings.MANAGEMENT_LISTEN.parse("0.0.0.0:9464", "x").toString())
                .isEqualTo("0.0.0.0:9464");
        assertThatThrownBy(
                        () -> LiaisonSettings.MANAGEMENT_LISTEN.parse("localhost:70000", "LIAISON_MANAGEMENT_LISTEN"))
                .hasMessageStartingWith("LIAISON_MANAGEMENT_LISTEN: 'localhost:70000' is not host:port");
    }

    @Test
    void checkpointsAreOffOrAPositiveDuration() {
        assertThat(LiaisonSettings.CHECKPOINT_INTERVAL.parse("off", "x")).isEmpty();
        assertThat(LiaisonSettings.CHECKPOINT_INTERVAL.parse(" PT30S ", "x"))
                .isEqualTo(Optional.of(Duration.ofSeconds(30)));
        assertThatThrownBy(() -> LiaisonSettings.CHECKPOINT_INTERVAL.parse("PT0S", "LIAISON_CHECKPOINT_INTERVAL"))
                .hasMessage("LIAISON_CHECKPOINT_INTERVAL: 'PT0S' is not off or a positive ISO-8601 duration");
    }

    @Test
    void kafkaIsReachedOnlyOverTlsAndTheTlsAndRegistrySettingsAreDeclared() {
        assertThat(LiaisonSettings.KAFKA_SECURITY_PROTOCOL.defaultText()).isEqualTo("SASL_SSL");
        assertThat(LiaisonSettings.KAFKA_SECURITY_PROTOCOL.parse("sasl_ssl", "x"))
                .isEqualToIgnoringCase("SASL_SSL");
        for (String plaintext : new String[] {"PLAINTEXT", "SASL_PLAINTEXT", "SSL"}) {
            assertThatThrownBy(() ->
                            LiaisonSettings.KAFKA_SECURITY_PROTOCOL.parse(plaintext, "LIAISON_KAFKA_SECURITY_PROTOCOL"))
                    .hasMessage("LIAISON_KAFKA_SECURITY_PROTOCOL: '" + plaintext + "' is not SASL_SSL");
        }
        assertThat(LiaisonSettings.forVariable("LIAISON_TLS_TRUSTSTORE")).contains(LiaisonSettings.TLS_TRUSTSTORE);
        assertThat(LiaisonSettings.forVariable("LIAISON_REGISTRY_USER")).contains(LiaisonSettings.REGISTRY_USER);
        assertThat(LiaisonSettings.forVariable("LIAISON_REGISTRY_PASSWORD_FILE"))
                .contains(LiaisonSettings.REGISTRY_PASSWORD_FILE);
        assertThat(LiaisonSettings.TLS_TRUSTSTORE.connectionFile())
                .as("the demo writes it for a second terminal")
                .isTrue();
        assertThat(LiaisonSettings.REGISTRY_PASSWORD_FILE.key())
                .as("a password file is named only by the environment")
                .isEmpty();
    }
}
