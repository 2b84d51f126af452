package io.liaison.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.policy.Policy;
import io.liaison.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminApplyCommandTest {
    @Test
    void eachInboxIsKeptForTheLongestTermTheExamplePolicyDeclaresForItsAgency() throws Exception {
        Policy policy = PolicyLoader.load(examplePolicy());

        // cpd: P90D default, WarrantNotice P5Y; guard: P30D only
        assertThat(AdminApplyCommand.inboxRetentionByAgency(policy))
                .containsEntry("cpd", Duration.ofDays(5 * 366))
                .containsEntry("guard", Duration.ofDays(30))
                .containsKeys("ice", "oversight", "public");
    }

    private static Path examplePolicy() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/policy.yaml"))) {
                return dir.resolve("config/policy.yaml");
            }
        }
        throw new IllegalStateException("config/policy.yaml not found");
    }
}
