package io.liaison.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liaison.cluster.security.ClientSecurity;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import io.liaison.runtime.StartupRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a command's Kafka login resolves: SCRAM over TLS only, and a trust store that opens or a refusal naming it. */
class KafkaLoginTest {
    @TempDir
    Path root;
    private LiaisonHome home;
    private PkiDirectory pki;

    @BeforeEach
    void homeWithAPasswordAndAPki() {
        // the settings fall back to the environment: these tests need it free of Liaison variables
        assumeTrue(Arrays.stream(LiaisonEnvironment.values()).allMatch(v -> v.value().isEmpty()), "LIAISON_* variables are set");
        home = new LiaisonHome(root.resolve("home"));
        CredentialStore.at(home.secrets()).ensure(Principals.AUDITOR);
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        pki = PkiDirectory.at(root.resolve("pki"));
        pki.init("CA", Validity.starting(clock, Duration.ofDays(30)), Optional.empty(), random);
        pki.issueTls(pki.authority(Optional.empty(), clock, random), "kafka", CertificateKind.TLS_BROKER, List.of("localhost"),
                List.of(), Validity.starting(clock, Duration.ofDays(1)), Optional.empty(), random);
    }

    @Test
    void theLoginIsScramOverTlsTrustingThePkisCa() {
        ClientSecurity security = KafkaLogin.resolve(home, Principals.AUDITOR, Map.of(ConnectionSettings.PKI, pki.root().toString()));

        assertThat(security.credential().user()).isEqualTo(Principals.AUDITOR);
        assertThat(security.trust().trustStore()).isEqualTo(pki.trustStoreFile());
        assertThat(security.properties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.endpoint.identification.algorithm", "https");
    }

    @Test
    void aPlaintextProtocolIsRefusedNamingTheSetting() {
        Map<String, String> explicit = new HashMap<>(Map.of(ConnectionSettings.PKI, pki.root().toString()));
        explicit.put(KafkaLogin.PROTOCOL, "SASL_PLAINTEXT");

        assertThatThrownBy(() -> KafkaLogin.resolve(home, Principals.AUDITOR, explicit))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("kafka.security.protocol (LIAISON_KAFKA_SECURITY_PROTOCOL) must be SASL_SSL, was 'SASL_PLAINTEXT'");
    }

    @Test
    void aTrustStoreThatCannotBeOpenedRefusesTheStartNamingTheFile() throws Exception {
        Path store = root.resolve("elsewhere/truststore.p12");
        Files.createDirectories(store.getParent());
        Files.writeString(store, "not PKCS#12");
        Files.writeString(store.resolveSibling("truststore.p12.password"), "some-password\n");
        Path missingPassword = root.resolve("no-password.p12");
        Files.copy(pki.trustStoreFile(), missingPassword);

        assertThatThrownBy(() -> KafkaLogin.trust(home, Map.of(KafkaLogin.TRUSTSTORE, store.toString())))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("tls.truststore (LIAISON_TLS_TRUSTSTORE)")
                .hasMessageContaining(store + " cannot be opened as PKCS#12");
        assertThatThrownBy(() -> KafkaLogin.trust(home, Map.of(KafkaLogin.TRUSTSTORE, missingPassword.toString())))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("no-password.p12.password");
    }

    @Test
    void withoutATrustStoreOrAPkiTheStartIsRefused() {
        assertThatThrownBy(() -> KafkaLogin.trust(home, Map.of()))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("no TLS trust store").hasMessageContaining("LIAISON_TLS_TRUSTSTORE")
                .hasMessageContaining("LIAISON_PKI_DIR");
    }
}
