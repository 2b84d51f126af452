package io.liaison.embedded.registry;

import io.liaison.embedded.TempDirs;
import java.nio.file.Path;

/**
 * One Apicurio Registry per JVM for integration tests in every module: started on first use in a
 * temporary data directory, stopped and deleted when the JVM exits. Tests use subjects of their
 * own (e.g. with a random suffix), since they share it.
 */
public final class SharedApicurio {

    private static ApicurioRegistry registry;

    private SharedApicurio() {}

    /** The shared registry, started now if this is the first call. */
    public static synchronized ApicurioRegistry get() {
        if (registry == null) {
            Path dataDir = TempDirs.create("liaison-registry-");
            registry = ApicurioRegistry.start(ApicurioRegistryConfig.defaults(dataDir));
            ApicurioRegistry started = registry;
            TempDirs.cleanUpAtExit("shared-apicurio", dataDir, started::close);
        }
        return registry;
    }
}
