package io.liaison.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.liaison.pki.Passphrase;
import io.liaison.cluster.security.ClientSecurity;
import io.liaison.cluster.security.ScramCredential;
import java.nio.file.Path;
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
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The secured embedded broker on its own: who may log in, and that logging in is not yet permission. */
class SecuredEmbeddedKafkaBrokerIT {
    private static final ScramCredential ADMIN = new ScramCredential("admin", Passphrase.of("admin-password-for-tests"));
    private static final ScramCredential CPD = new ScramCredential("cpd", Passphrase.of("cpd-password-for-tests"));

    @TempDir
    static Path dataDir;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(dataDir).withSecurity(BrokerSecurity.scram(ADMIN)));
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(CPD.user(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), new String(CPD.password().chars()))))
                    .all().get(30, TimeUnit.SECONDS);
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
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic));
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        ScramCredential wrong = new ScramCredential("cpd", Passphrase.of("not-the-password"));
        try (Admin admin = Admin.create(clientProperties(ClientSecurity.scram(wrong)))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aClientWithoutCredentialsGetsNoAnswer() {
        Map<String, Object> p = clientProperties(ClientSecurity.plaintext());
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
        Map<String, Object> p = clientProperties(ClientSecurity.scram(CPD));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000);
        // The new user's credential reaches the broker's metadata a moment after the admin call returns.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        });
    }

    @Test
    void aDirectoryFormattedWithoutSecurityIsSecuredOnItsNextStart(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker plain = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(dir))) {
            assertThat(plain.adminSecurity()).isEqualTo(ClientSecurity.plaintext());
        }
        try (EmbeddedKafkaBroker secured = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(dir).withSecurity(BrokerSecurity.scram(ADMIN)));
             Admin admin = Admin.create(secured.adminClientProperties())) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    private static Map<String, Object> clientProperties(ClientSecurity security) {
        Map<String, Object> p = new HashMap<>(security.properties());
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }

    private static String topic(TestInfo test) {
        return "secured-" + test.getTestMethod().orElseThrow().getName();
    }
}
