package io.liaison.embedded.kafka;

import io.liaison.embedded.TempDirs;
import java.nio.file.Path;

/**
 * One embedded broker per JVM for integration tests in every module: started on first use in a
 * temporary directory, stopped and deleted when the JVM exits. Tests use topics, consumer groups
 * and application ids of their own, since they share it.
 */
public final class SharedKafka {
    private static EmbeddedKafkaBroker broker;

    private SharedKafka() {}

    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            Path dir = TempDirs.create("liaison-kafka-");
            broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(dir));
            EmbeddedKafkaBroker started = broker;
            TempDirs.cleanUpAtExit("shared-kafka", dir, started::close);
        }
        return broker;
    }
}
