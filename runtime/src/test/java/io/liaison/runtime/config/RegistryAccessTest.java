package io.liaison.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.registry.RegistryException;
import io.liaison.runtime.StartupRefusedException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An https registry as compose runs it: its certificate checked against the backbone CA and the host dialled, basic authentication on top. */
class RegistryAccessTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path root;

    private SettingSources sources;
    private PkiDirectory pki;
    private HttpsServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void pki() {
        sources = new SettingSources(
                new LiaisonHome(root.resolve("home")), Map.of(), Optional.empty()); // no LIAISON_* variables
        pki = PkiDirectory.at(root.resolve("pki"));
        pki.init("CA", Validity.starting(CLOCK, Duration.ofDays(30)), Optional.empty(), RANDOM);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anHttpsRegistryIsCheckedAgainstTheBackboneCaAndGetsTheLogin() throws Exception {
        int port = serve("schema-registry", List.of("localhost"));
        RegistryClientConfig config = RegistryAccess.resolve(
                sources,
                "https://localhost:" + port,
                Map.of(LiaisonSettings.PKI_DIR, pki.root().toString()));

        List<String> subjects = new ConfluentRegistryClient(
                        config.withLogin(new RegistryClientConfig.BasicLogin("liaison", "s3cret-pw")))
                .subjects();

        assertThat(subjects).containsExactly("io.liaison.schemas.payload.IncidentReport");
        assertThat(authorizations)
                .containsExactly("Basic "
                        + Base64.getEncoder().encodeToString("liaison:s3cret-pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRegistryCertificateForAnotherHostIsRefused() throws Exception {
        int port = serve("elsewhere", List.of("registry.elsewhere.example"));
        RegistryClientConfig config = RegistryAccess.resolve(
                sources,
                "https://localhost:" + port,
                Map.of(LiaisonSettings.PKI_DIR, pki.root().toString()));

        assertThatThrownBy(() -> new ConfluentRegistryClient(config).subjects())
                .isInstanceOf(RegistryException.Unreachable.class)
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .rootCause()
                .hasMessageContaining("No subject alternative DNS name matching localhost found");
        assertThat(authorizations).isEmpty();
    }

    @Test
    void aLoginIsNeverSentOverPlainHttpAndNeedsAPasswordFile() {
        issue("schema-registry", List.of("schema-registry"));
        assertThatThrownBy(() -> RegistryClientConfig.of("http://schema-registry:8081")
                        .withLogin(new RegistryClientConfig.BasicLogin("liaison", "s3cret-pw")))
                .hasMessageContaining("needs an https baseUrl")
                .hasMessageContaining("in clear");
        assertThatThrownBy(() -> RegistryAccess.resolve(
                        sources,
                        "https://schema-registry:8081",
                        Map.of(
                                LiaisonSettings.PKI_DIR,
                                pki.root().toString(),
                                LiaisonSettings.REGISTRY_USER,
                                "liaison")))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("registry user liaison needs a password: set LIAISON_REGISTRY_PASSWORD_FILE");
        assertThat(new RegistryClientConfig.BasicLogin("liaison", "s3cret-pw").toString())
                .doesNotContain("s3cret");
    }

    @Test
    void theLoginComesFromTheSettingsAndABadOneIsRefusedNamingIt() throws Exception {
        int port = serve("schema-registry", List.of("localhost"));
        Path password = Files.writeString(root.resolve("registry.password"), "s3cret-pw\n");
        SettingSources withLogin = new SettingSources(
                sources.home(),
                Map.of("LIAISON_REGISTRY_USER", "liaison", "LIAISON_REGISTRY_PASSWORD_FILE", password.toString()),
                Optional.empty());

        new ConfluentRegistryClient(RegistryAccess.resolve(
                        withLogin,
                        "https://localhost:" + port,
                        Map.of(LiaisonSettings.PKI_DIR, pki.root().toString())))
                .subjects();

        assertThat(authorizations)
                .containsExactly("Basic "
                        + Base64.getEncoder().encodeToString("liaison:s3cret-pw".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> RegistryAccess.resolve(withLogin, "http://localhost:" + port, Map.of()))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("needs an https baseUrl");
        SettingSources colon =
                new SettingSources(sources.home(), Map.of("LIAISON_REGISTRY_USER", "li:aison"), Optional.empty());
        assertThatThrownBy(() -> RegistryAccess.resolve(
                        colon,
                        "https://localhost:" + port,
                        Map.of(LiaisonSettings.PKI_DIR, pki.root().toString())))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessage(
                        "LIAISON_REGISTRY_USER: 'li:aison' is not a user name without ':' (HTTP basic authentication)");
        SettingSources noFile = new SettingSources(
                sources.home(),
                Map.of(
                        "LIAISON_REGISTRY_USER",
                        "liaison",
                        "LIAISON_REGISTRY_PASSWORD_FILE",
                        root.resolve("absent").toString()),
                Optional.empty());
        assertThatThrownBy(() -> RegistryAccess.resolve(
                        noFile,
                        "https://localhost:" + port,
                        Map.of(LiaisonSettings.PKI_DIR, pki.root().toString())))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessage("LIAISON_REGISTRY_PASSWORD_FILE: '" + root.resolve("absent") + "' is not a readable file");
        assertThatThrownBy(() -> RegistryAccess.resolve(sources, "ftp://localhost", Map.of()))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageStartingWith("schema.registry.url (LIAISON_REGISTRY_URL): ");
    }

    private PkiDirectory.Slot issue(String name, List<String> dnsNames) {
        pki.issueTls(
                pki.authority(Optional.empty(), CLOCK, RANDOM),
                name,
                CertificateKind.TLS_SERVER,
                dnsNames,
                List.of(),
                Validity.starting(CLOCK, Duration.ofDays(1)),
                Optional.empty(),
                RANDOM);
        return pki.slot(name, CertificateKind.TLS_SERVER);
    }

    /** An https server with a {@code tls-server} certificate of the PKI for {@code dnsNames}, answering the subjects list. */
    private int serve(String name, List<String> dnsNames) throws Exception {
        PkiDirectory.Slot slot = issue(name, dnsNames);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(slot.keyStore())) {
            keys.load(in, pki.storePassword(slot.keyStore()).chars());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, pki.storePassword(slot.keyStore()).chars());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/subjects", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "[\"io.liaison.schemas.payload.IncidentReport\"]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }
}
