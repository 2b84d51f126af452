package io.liaison.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is the settings table rendered; this test keeps the two from drifting apart. */
class ConfigurationDocsTest {
    private static final Path COMMITTED = Path.of("..", "docs", "configuration.md");
    private static final Path RENDERED = Path.of("target", "configuration.md");

    @Test
    void docsConfigurationMdIsWhatTheTableRenders() throws IOException {
        String rendered = LiaisonSettings.markdown();
        Files.createDirectories(RENDERED.getParent());
        Files.writeString(RENDERED, rendered);
        String committed = Files.isRegularFile(COMMITTED) ? Files.readString(COMMITTED) : "";
        assertThat(committed)
                .as(
                        "docs/configuration.md differs from what LiaisonSettings renders; this test wrote the rendering, take it with"
                                + "\n    cp runtime/target/configuration.md docs/configuration.md\n")
                .isEqualTo(rendered);
    }
}
