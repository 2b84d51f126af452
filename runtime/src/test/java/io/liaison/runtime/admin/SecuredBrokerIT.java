package io.liaison.runtime.admin;

import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.BrokerSecurity;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.pki.Passphrase;
import io.liaison.cluster.security.ScramCredential;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The broker security contract on the embedded broker with SCRAM and the standard authorizer. */
class SecuredBrokerIT extends BrokerSecurityContract {
    private static final ScramCredential ADMIN = new ScramCredential("admin", Passphrase.of("admin-password-for-tests"));
    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(dir).withSecurity(BrokerSecurity.scram(ADMIN)));
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
        return ADMIN;
    }
}
