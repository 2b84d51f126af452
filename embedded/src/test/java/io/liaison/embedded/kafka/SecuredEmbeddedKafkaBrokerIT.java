package io.liaison.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.ScramCredential;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's logins on its own: who may log in, and that logging in is not yet
 * permission. What TLS refuses is {@link BrokerTransportSecurityIT}'s.
 */
class SecuredEmbeddedKafkaBrokerIT {
    private static final ScramCredential CPD = new ScramCredential("cpd", Passphrase.of("cpd-password-for-tests"));

    @TempDir
    static Path dir;

    private static BrokerSecurity security;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        security = BrokerSecurity.ensure(
                PkiDirectory.at(dir.resolve("pki")), CredentialStore.at(dir.resolve("secrets")), Clock.systemUTC());
        broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(dir.resolve("kafka"), security));
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            CPD.user(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                            new String(CPD.password().chars()))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void theAdminIsASuperUser(TestInfo test) throws Exception {
        String topic = topic(test);
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // the controller commits the topic before the broker's metadata cache lists it
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                            .contains(topic));
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        ScramCredential wrong = new ScramCredential("cpd", Passphrase.of("not-the-password"));
        try (Admin admin = Admin.create(clientProperties(broker.clientConnection(wrong)))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aTlsClientWithoutCredentialsGetsNoAnswer() {
        // TLS with the right CA, but no SASL login: the broker answers nothing before SCRAM succeeds
        Map<String, Object> p = new HashMap<>(broker.adminConnection().trust().kafkaProperties());
        p.put("security.protocol", "SSL");
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
    }

    @Test
    void anAuthenticatedUserWithoutAclsMayNotWrite(TestInfo test) throws Exception {
        String topic = topic(test);
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> p = clientProperties(broker.clientConnection(CPD));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000);
        // The new user's credential reaches the broker's metadata a moment after the admin call returns.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v"))
                                .get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        });
    }

    @Test
    void aDirectoryFormattedWithoutSecurityIsSecuredOnItsNextStart(@TempDir Path old) throws Exception {
        // storage as versions before broker security formatted it: no SCRAM credential for the admin
        Path logDir = Files.createDirectories(old.resolve("kraft-log"));
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setUnstableFeatureVersionsEnabled(false)
                .run();

        try (EmbeddedKafkaBroker secured = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(old, security));
                Admin admin = Admin.create(secured.adminClientProperties())) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasSize(1);
        }
        assertThat(old.resolve("scram-admin.created")).exists();
    }

    private static Map<String, Object> clientProperties(ClientConnection security) {
        Map<String, Object> p = new HashMap<>(security.properties());
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }

    private static String topic(TestInfo test) {
        return "secured-" + test.getTestMethod().orElseThrow().getName();
    }
}
