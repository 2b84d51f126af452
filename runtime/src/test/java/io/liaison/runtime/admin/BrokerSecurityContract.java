package io.liaison.runtime.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.ClientTrust;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.security.ScramCredential;
import io.liaison.cluster.topics.AclDiff;
import io.liaison.cluster.topics.AclPlan;
import io.liaison.cluster.topics.TopicDiff;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.pki.Passphrase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the broker itself must enforce once {@code admin apply} ran: agencies stay inside their own
 * topics, and only known passwords get in. Subclasses provide a secured broker (embedded, or in a
 * container); each test applies the plan for two agencies of its own, so tests share one broker.
 */
abstract class BrokerSecurityContract {
    private static final AtomicInteger RUN = new AtomicInteger();
    private static final Duration PROPAGATION = Duration.ofSeconds(30);

    @TempDir
    Path secrets;

    private String cpd;
    private String ice;
    private CredentialStore store;

    /** Bootstrap servers of the secured client listener. */
    abstract String bootstrapServers();

    /** The super user's credential. */
    abstract ScramCredential admin();

    /** The CA the broker's certificate chains to. */
    abstract ClientTrust trust();

    /** Replication factor the broker supports. */
    short replicationFactor() {
        return 1;
    }

    @BeforeEach
    void applyThePlanForTwoFreshAgencies() {
        int run = RUN.incrementAndGet();
        String suffix = Long.toString(System.nanoTime() % 100_000, 36) + run;
        cpd = "cpd-" + suffix;
        ice = "ice-" + suffix;
        store = CredentialStore.at(secrets);
        try (Admin admin = Admin.create(clientProperties(ClientConnection.scram(admin(), trust())))) {
            ClusterAdmin cluster = new ClusterAdmin(admin, Duration.ofSeconds(30));
            cluster.upsertUsers(Principals.users(List.of(cpd, ice)).stream()
                    .filter(u -> !u.equals(Principals.ADMIN))
                    .map(store::ensure)
                    .toList());
            TopicPlan topics = new TopicPlan(1, replicationFactor(), Duration.ofDays(1), Duration.ofDays(1));
            cluster.applyTopics(cluster.topicDiff(topics.topics(List.of(cpd, ice)).stream()
                    .filter(t -> t.name().endsWith(suffix))
                    .toList()));
            cluster.applyAcls(cluster.aclDiff(AclPlan.defaults().rules(List.of(cpd, ice))), false);
        }
    }

    @Test
    void anAgencyWritesItsOwnIngressAndTheStreamsUserReadsIt() {
        await().atMost(PROPAGATION).untilAsserted(() -> send(store.require(cpd), Topics.ingress(cpd)));
        try (KafkaConsumer<String, String> streams =
                consumer(store.require(Principals.STREAMS), AclPlan.DEFAULT_STREAMS_APPLICATION_ID + "-" + cpd)) {
            streams.subscribe(Set.of(Topics.ingress(cpd)));
            await().atMost(PROPAGATION)
                    .until(() -> !streams.poll(Duration.ofMillis(200)).isEmpty());
        }
    }

    @Test
    void anAgencyReadingAnotherAgencysInboxIsRefused() {
        try (KafkaConsumer<String, String> consumer = consumer(store.require(cpd), cpd + ".sdk")) {
            consumer.subscribe(Set.of(Topics.inbox(ice)));
            // Wait until cpd's own grants are visible, so the refusal is the ACL and not a propagation delay.
            await().atMost(PROPAGATION)
                    .untilAsserted(() -> assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(500)))
                            .isInstanceOf(TopicAuthorizationException.class)
                            .satisfies(e -> assertThat(((TopicAuthorizationException) e).unauthorizedTopics())
                                    .contains(Topics.inbox(ice))));
        }
    }

    @Test
    void anAgencyWritingAnotherAgencysIngressIsRefused() {
        await().atMost(PROPAGATION).untilAsserted(() -> send(store.require(cpd), Topics.ingress(cpd)));
        assertThatThrownBy(() -> send(store.require(cpd), Topics.ingress(ice)))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aWrongPasswordIsRefused() {
        ScramCredential wrong = new ScramCredential(cpd, Passphrase.of("certainly-not-the-password"));
        assertThatThrownBy(() -> send(wrong, Topics.ingress(cpd)))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aClientWithoutCredentialsCannotPublish() {
        Map<String, Object> p = new HashMap<>(trust().kafkaProperties());
        p.put("security.protocol", "SSL"); // TLS with the right CA, but no SASL login
        p.put("bootstrap.servers", bootstrapServers());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.ingress(cpd), "k", "v"))
                            .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
    }

    @Test
    void applyingThePlanAgainChangesNothing() {
        try (Admin admin = Admin.create(clientProperties(ClientConnection.scram(admin(), trust())))) {
            ClusterAdmin cluster = new ClusterAdmin(admin, Duration.ofSeconds(30));
            AclDiff acls = cluster.aclDiff(AclPlan.defaults().rules(List.of(cpd, ice)));
            assertThat(acls.missing()).isEmpty();
            TopicDiff topics = cluster.topicDiff(new TopicPlan(
                            1, replicationFactor(), Duration.ofDays(1), Duration.ofDays(1))
                    .topics(List.of(cpd, ice)).stream()
                            .filter(t -> t.name().endsWith(cpd) || t.name().endsWith(ice))
                            .toList());
            assertThat(topics.missing()).isEmpty();
            assertThat(topics.drifted()).isEmpty();
            assertThat(topics.matching()).contains(Topics.ingress(cpd), Topics.inbox(ice));
        }
    }

    private void send(ScramCredential as, String topic) throws Exception {
        Map<String, Object> p = clientProperties(ClientConnection.scram(as, trust()));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(15, TimeUnit.SECONDS);
        }
    }

    private KafkaConsumer<String, String> consumer(ScramCredential as, String group) {
        Map<String, Object> p = clientProperties(ClientConnection.scram(as, trust()));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private Map<String, Object> clientProperties(ClientConnection security) {
        Map<String, Object> p = new HashMap<>(security.properties());
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }
}
