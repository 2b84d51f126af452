package io.liaison.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schemas, and above all their ids, outlive the registry process when the data directory is reused. */
class ApicurioRegistryRestartIT {

    private static final Schema ALPHA = SchemaBuilder.record("Alpha")
            .namespace("restart")
            .fields()
            .requiredString("a")
            .endRecord();
    private static final Schema BETA = SchemaBuilder.record("Beta")
            .namespace("restart")
            .fields()
            .requiredLong("b")
            .endRecord();
    private static final Schema GAMMA = SchemaBuilder.record("Gamma")
            .namespace("restart")
            .fields()
            .requiredBoolean("c")
            .endRecord();

    @TempDir
    Path dataDir;

    @Test
    void idsResolveToTheSameSchemasAfterARestartOnTheSameDataDirectory() {
        Map<Integer, Schema> registered;
        try (ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistryConfig.defaults(dataDir))) {
            SchemaRegistryClient client = registry.client();
            registered =
                    Map.of(client.register("alpha-value", ALPHA), ALPHA, client.register("beta-value", BETA), BETA);
        }

        try (ApicurioRegistry restarted = ApicurioRegistry.start(ApicurioRegistryConfig.defaults(dataDir))) {
            SchemaRegistryClient client = restarted.client();
            registered.forEach((id, schema) ->
                    assertThat(client.getById(id)).as("schema id %d", id).isEqualTo(schema));
            assertThat(client.register("alpha-value", ALPHA))
                    .as("re-registering keeps the old id")
                    .isEqualTo(idOf(registered, ALPHA));
            assertThat(client.register("gamma-value", GAMMA))
                    .as("a new schema does not reuse an old id")
                    .isNotIn(registered.keySet());
            assertThat(client.subjects()).contains("alpha-value", "beta-value", "gamma-value");
        }
    }

    @Test
    void aRegistryLeftRunningOnTheDataDirectoryIsStoppedByTheNextStart() {
        ApicurioRegistry leftOver = ApicurioRegistry.start(ApicurioRegistryConfig.defaults(dataDir));
        int id = leftOver.client().register("alpha-value", ALPHA);
        assertThat(dataDir.resolve(ApicurioRegistry.PID_FILE)).exists();

        // as if the JVM that owned leftOver had been killed: nobody closes it
        try (ApicurioRegistry next = ApicurioRegistry.start(ApicurioRegistryConfig.defaults(dataDir))) {
            assertThat(leftOver.isRunning()).isFalse();
            assertThat(next.client().getById(id)).isEqualTo(ALPHA);
            assertThat(dataDir.resolve(ApicurioRegistry.PID_FILE)).exists();
        } finally {
            leftOver.close();
        }
        assertThat(dataDir.resolve(ApicurioRegistry.PID_FILE)).doesNotExist();
    }

    private static int idOf(Map<Integer, Schema> registered, Schema schema) {
        return registered.entrySet().stream()
                .filter(e -> e.getValue().equals(schema))
                .findFirst()
                .orElseThrow()
                .getKey();
    }
}
