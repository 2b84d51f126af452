package io.liaison.cli.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refusals that come before any Kafka login: each names what to fix and exits 1. */
class ComplaintsCommandTest {
    @TempDir
    Path dir;

    @Test
    void theIntakeRefusesPlainHttpOnAPublicAddress() {
        CommandRun run = CommandRun.execute(
                "complaints",
                "serve",
                "--bind",
                "0.0.0.0",
                "--policy",
                "../config/policy.yaml",
                "--pki-dir",
                dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("refusing to take complaints over plain HTTP on 0.0.0.0", "--tls-name");
    }

    @Test
    void theIntakeRefusesAPolicyThatTakesNoComplaints() throws Exception {
        String policy = Files.readString(Path.of("../config/policy.yaml"));
        Path without = dir.resolve("no-complaints.yaml");
        Files.writeString(without, policy.substring(0, policy.indexOf("\ncomplaints:")) + "\n");

        CommandRun run =
                CommandRun.execute("complaints", "serve", "--policy", without.toString(), "--pki-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("declares no complaints: section");
    }

    @Test
    void oversightVerbsRefuseWhatIsNotAReceiptOrAStatus() {
        CommandRun notAReceipt = CommandRun.execute("complaints", "status", "../etc/passwd");
        assertThat(notAReceipt.exitCode()).isEqualTo(1);
        assertThat(notAReceipt.err()).contains("RECEIPT '../etc/passwd' is not a receipt number");

        CommandRun badStatus =
                CommandRun.execute("complaints", "status", "C-00000-00000-00000-00000", "--set", "forgotten");
        assertThat(badStatus.exitCode()).isEqualTo(1);
        assertThat(badStatus.err()).contains("--set must be one of under-review, referred, closed; was 'forgotten'");

        CommandRun referWithoutAgency =
                CommandRun.execute("complaints", "status", "C-00000-00000-00000-00000", "--set", "referred");
        assertThat(referWithoutAgency.exitCode()).isEqualTo(1);
        assertThat(referWithoutAgency.err()).contains("--to AGENCY goes with --set referred");
    }
}
