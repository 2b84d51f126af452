package io.liaison.runtime.admin;

import io.liaison.cluster.security.ClientTrust;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.ScramCredential;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.BrokerSecurity;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.pki.PkiDirectory;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker security contract on the embedded broker: SCRAM over TLS and the standard authorizer.
 * What TLS itself refuses (plaintext, an untrusted CA, another host's certificate, the controller
 * listener) is {@code io.liaison.embedded.kafka.BrokerTransportSecurityIT}'s.
 */
class SecuredBrokerIT extends BrokerSecurityContract {
    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(
                dir.resolve("kafka"),
                BrokerSecurity.ensure(
                        PkiDirectory.at(dir.resolve("pki")),
                        CredentialStore.at(dir.resolve("secrets")),
                        Clock.systemUTC())));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Override
    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    ScramCredential admin() {
        return broker.config().security().admin();
    }

    @Override
    ClientTrust trust() {
        return broker.adminConnection().trust();
    }
}
