package io.liaison.embedded.kafka;

import io.liaison.cluster.security.CredentialStore;
import io.liaison.embedded.TempDirs;
import io.liaison.pki.PkiDirectory;
import java.nio.file.Path;
import java.time.Clock;

/**
 * One embedded broker per JVM for integration tests in every module: started on first use in a
 * temporary directory, stopped and deleted when the JVM exits. It runs as production does: TLS on
 * every listener with a certificate from a CA of its own, SCRAM and ACLs; tests connect with
 * {@link EmbeddedKafkaBroker#adminClientProperties()} (the super user) or create users of their own.
 * Tests use topics, consumer groups and application ids of their own, since they share it.
 */
public final class SharedKafka {
    private static EmbeddedKafkaBroker broker;

    private SharedKafka() {}

    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            Path dir = TempDirs.create("liaison-kafka-");
            BrokerSecurity security = BrokerSecurity.ensure(
                    PkiDirectory.at(dir.resolve("pki")), CredentialStore.at(dir.resolve("secrets")), Clock.systemUTC());
            broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(dir.resolve("kafka"), security));
            EmbeddedKafkaBroker started = broker;
            TempDirs.cleanUpAtExit("shared-kafka", dir, started::close);
        }
        return broker;
    }
}
