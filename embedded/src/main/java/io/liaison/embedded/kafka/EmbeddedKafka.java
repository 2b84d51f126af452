package io.liaison.embedded.kafka;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.ScramCredential;
import java.util.Map;

/** Kafka run from this project's artifacts: one {@link EmbeddedKafkaBroker} or a {@link KafkaCluster}. */
public sealed interface EmbeddedKafka extends AutoCloseable permits EmbeddedKafkaBroker, KafkaCluster {
    String bootstrapServers();

    /** How a client holding {@code credential} connects. */
    ClientConnection clientConnection(ScramCredential credential);

    /** Bootstrap servers plus the admin's security settings: ready for {@code Admin.create}. */
    Map<String, Object> adminClientProperties();

    @Override
    void close();
}
