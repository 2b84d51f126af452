package io.liaison.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.cluster.security.ClientConnection;
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
    private SettingSources sources;
    private PkiDirectory pki;

    @BeforeEach
    void homeWithAPasswordAndAPki() {
        home = new LiaisonHome(root.resolve("home"));
        sources = new SettingSources(home, Map.of(), Optional.empty()); // no LIAISON_* variables of this process
        CredentialStore.at(home.secrets()).ensure(Principals.AUDITOR);
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        pki = PkiDirectory.at(root.resolve("pki"));
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
    void theLoginIsScramOverTlsTrustingThePkisCa() {
        ClientConnection security = KafkaLogin.resolve(
                sources,
                Principals.AUDITOR,
                Map.of(LiaisonSettings.PKI_DIR, pki.root().toString()));

        assertThat(security.credential().user()).isEqualTo(Principals.AUDITOR);
        assertThat(security.trust().trustStore()).isEqualTo(pki.trustStoreFile());
        assertThat(security.properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.endpoint.identification.algorithm", "https");
    }

    @Test
    void aPlaintextProtocolIsRefusedNamingTheSetting() {
        Map<Setting<?>, String> explicit =
                new HashMap<>(Map.of(LiaisonSettings.PKI_DIR, pki.root().toString()));
        explicit.put(LiaisonSettings.KAFKA_SECURITY_PROTOCOL, "SASL_PLAINTEXT");

        assertThatThrownBy(() -> KafkaLogin.resolve(sources, Principals.AUDITOR, explicit))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessage("kafka.security.protocol (command line): 'SASL_PLAINTEXT' is not SASL_SSL");
        SettingSources plaintextInTheEnvironment =
                new SettingSources(home, Map.of("LIAISON_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"), Optional.empty());
        assertThatThrownBy(() -> KafkaLogin.resolve(
                        plaintextInTheEnvironment,
                        Principals.AUDITOR,
                        Map.of(LiaisonSettings.PKI_DIR, pki.root().toString())))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessage("LIAISON_KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT' is not SASL_SSL");
        assertThat(KafkaLogin.resolve(
                                new SettingSources(
                                        home, Map.of("LIAISON_KAFKA_SECURITY_PROTOCOL", "sasl_ssl"), Optional.empty()),
                                Principals.AUDITOR,
                                Map.of(LiaisonSettings.PKI_DIR, pki.root().toString()))
                        .properties())
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void aTrustStoreThatCannotBeOpenedRefusesTheStartNamingTheFile() throws Exception {
        Path store = root.resolve("elsewhere/truststore.p12");
        Files.createDirectories(store.getParent());
        Files.writeString(store, "not PKCS#12");
        Files.writeString(store.resolveSibling("truststore.p12.password"), "some-password\n");
        Path missingPassword = root.resolve("no-password.p12");
        Files.copy(pki.trustStoreFile(), missingPassword);

        assertThatThrownBy(() -> KafkaLogin.trust(sources, Map.of(LiaisonSettings.TLS_TRUSTSTORE, store.toString())))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("tls.truststore (LIAISON_TLS_TRUSTSTORE)")
                .hasMessageContaining(store + " cannot be opened as PKCS#12");
        assertThatThrownBy(() ->
                        KafkaLogin.trust(sources, Map.of(LiaisonSettings.TLS_TRUSTSTORE, missingPassword.toString())))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("no-password.p12.password");
    }

    @Test
    void withoutATrustStoreOrAPkiTheStartIsRefused() {
        assertThatThrownBy(() -> KafkaLogin.trust(sources, Map.of()))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("no TLS trust store")
                .hasMessageContaining("LIAISON_TLS_TRUSTSTORE")
                .hasMessageContaining("LIAISON_PKI_DIR");
    }

    @Test
    void aTrustStoreSettingThatNamesNoFileIsRefusedNamingTheVariable() {
        Path absent = root.resolve("absent.p12");
        SettingSources absentInTheEnvironment =
                new SettingSources(home, Map.of("LIAISON_TLS_TRUSTSTORE", absent.toString()), Optional.empty());

        assertThatThrownBy(() -> KafkaLogin.trust(absentInTheEnvironment, Map.of()))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessage("LIAISON_TLS_TRUSTSTORE: '" + absent + "' is not a readable file");
    }

    @Test
    void theTrustStoreComesFromTheConnectionFileAsTheDemoWritesIt() {
        new ConnectionSettings("k:9092", "http://r:8081", pki.root(), root.resolve("policy.yaml"))
                .write(
                        home.connectionFile(),
                        Map.of(
                                LiaisonSettings.TLS_TRUSTSTORE,
                                pki.trustStoreFile().toString()));

        assertThat(KafkaLogin.trust(sources, Map.of()).trustStore()).isEqualTo(pki.trustStoreFile());
    }
}
