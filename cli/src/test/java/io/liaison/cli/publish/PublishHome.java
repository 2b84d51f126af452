package io.liaison.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.Topics;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import io.liaison.runtime.config.ConnectionSettings;
import io.liaison.runtime.config.LiaisonSettings;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A Liaison home for {@code liaison publish}: a PKI with cpd's signing key and the backbone's
 * encryption key, and a
 * connection.properties that logs in to {@code broker} as its super user over TLS, with the shared
 * registry. The command finds it through the {@code liaison.home} property (in-process) or
 * {@code LIAISON_HOME} (a child JVM).
 */
final class PublishHome {
    static final String PROPERTY = "liaison.home";

    private PublishHome() {}

    static void prepare(Path home, EmbeddedKafkaBroker broker) throws Exception {
        PkiDirectory pki = PkiDirectory.at(home.resolve("pki"));
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        pki.init(
                CertificateAuthority.DEFAULT_NAME,
                Validity.starting(clock, Validity.DEFAULT_CA),
                Optional.empty(),
                random);
        pki.issueSigning(
                pki.authority(Optional.empty(), clock, random),
                "cpd",
                KeyRole.AGENCY_SIGNING,
                Validity.starting(clock, Validity.DEFAULT_LEAF),
                Optional.empty());
        // publish seals each message to the backbone's encryption key, which the PKI certifies
        pki.issueEncryption(
                pki.authority(Optional.empty(), clock, random),
                "backbone",
                EncryptionRole.BACKBONE,
                Validity.starting(clock, Validity.DEFAULT_LEAF),
                Optional.empty());
        CredentialStore.at(home.resolve("secrets"))
                .replace(broker.config().security().admin());
        new ConnectionSettings(
                        broker.bootstrapServers(),
                        SharedApicurio.get().url().toString(),
                        pki.root(),
                        home.resolve("policy.yaml"))
                .write(
                        home.resolve("connection.properties"),
                        Map.of(
                                LiaisonSettings.SCRAM_USER,
                                Principals.ADMIN,
                                LiaisonSettings.SECRETS_DIR,
                                home.resolve("secrets").toString(),
                                LiaisonSettings.TLS_TRUSTSTORE,
                                broker.adminConnection().trust().trustStore().toString()));
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic(Topics.ingress("cpd"), 1, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
        }
    }

    /** Points in-process commands at {@code home}; returns what to give {@link #restore}. */
    static String use(Path home) {
        return System.setProperty(PROPERTY, home.toString());
    }

    static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
    }
}
