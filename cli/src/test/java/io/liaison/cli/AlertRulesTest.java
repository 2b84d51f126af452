package io.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liaison.testing.MonitoringFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the dashboard under {@code deploy/}: they parse, every alert says how severe
 * it is and points at what the operator does in docs/operations.md, and promtool accepts the rules
 * when it is installed. That every metric they name is exported is checked against the running
 * processes in EndToEndIT (system-tests).
 */
class AlertRulesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theIssueAlertsAreAllThereEachWithASeverityASummaryAndARunbookSection() throws Exception {
        String operations = Files.readString(ROOT.resolve("docs/operations.md"));
        Map<String, String> alerts = MonitoringFiles.alerts(ROOT);
        assertThat(alerts)
                .containsKeys(
                        "LiaisonQuarantineSpike",
                        "LiaisonDenialSpike",
                        "LiaisonCheckpointStale",
                        "LiaisonControlPlaneBehind",
                        "LiaisonConsumerLag");
        for (JsonNode group : MonitoringFiles.rules(ROOT).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                assertThat(rule.path("expr").asText()).as(name + " expr").isNotBlank();
                assertThat(rule.path("labels").path("severity").asText())
                        .as(name + " severity")
                        .isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText())
                        .as(name + " summary")
                        .isNotBlank();
                assertThat(rule.path("annotations").path("runbook").asText())
                        .as(name + " runbook")
                        .isEqualTo("docs/operations.md#" + name.toLowerCase(Locale.ROOT));
                assertThat(operations)
                        .as("docs/operations.md section for " + name)
                        .contains("\n### " + name + "\n");
            }
        }
    }

    @Test
    void metricNamesAreReadFromPromqlWithoutLabelsFunctionsOrDurations() {
        assertThat(MonitoringFiles.metricNames("sum by (recipient) (rate(liaison_backbone_decisions_total"
                        + "{outcome=\"denied\"}[10m])) > 3 * sum by (recipient) (rate(other_total[1d] offset 1h))"
                        + " and on () up == 1 or vector(0) > 1e3"))
                .containsExactly("liaison_backbone_decisions_total", "other_total", "up");
        assertThat(
                        MonitoringFiles.metricNames(
                                "histogram_quantile(0.99, sum by (le, agency) (rate(liaison_ingest_publish_seconds_bucket[5m])))"))
                .containsExactly("liaison_ingest_publish_seconds_bucket");
    }

    @Test
    void everyDashboardPanelHasAQueryNamingAMetric() {
        List<String> queries = MonitoringFiles.dashboardQueries(ROOT);
        assertThat(queries).hasSizeGreaterThan(10);
        assertThat(queries)
                .allSatisfy(
                        q -> assertThat(MonitoringFiles.metricNames(q)).as(q).isNotEmpty());
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(
                Files.isExecutable(promtool),
                "promtool is not installed (apt-get install prometheus): the rules' PromQL is not checked here");
        Process process = new ProcessBuilder(
                        promtool.toString(),
                        "check",
                        "rules",
                        ROOT.resolve(MonitoringFiles.RULES).toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }
}
