package io.liaison.policy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped example policy, {@code config/policy.yaml}, read from the checkout so tests cover the real file. */
public final class ExamplePolicy {
    public static final Path FILE = locate();

    private ExamplePolicy() {}

    public static Policy load() {
        try {
            return PolicyLoader.load(FILE);
        } catch (PolicyException e) {
            throw new AssertionError("the example policy must be valid: " + e.getMessage(), e);
        }
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config/policy.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "config/policy.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
