package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liaison.schemas.payload.AcknowledgementResponse;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyst console in a real browser (Debian's headless Chromium): it loads from the gateway,
 * subscribes with the token from its URL fragment, and shows a message published after it opened,
 * with provenance and redaction markers. The screenshot is left in target/ for a person to look at.
 */
class ConsoleBrowserIT {
    private static final String PURPOSE = "crowd-safety";

    @TempDir
    static Path dir;

    private static InboxFixture fixture;
    private static ConsumerGatewayServer gateway;

    @BeforeAll
    static void start() {
        assumeTrue(
                Files.isExecutable(HeadlessChromium.BINARY),
                "headless Chromium is not installed at " + HeadlessChromium.BINARY
                        + " (apt-get install chromium); skipping the console browser test");
        fixture = new InboxFixture();
        gateway = ConsumerGatewayServer.start(
                fixture.gatewayConfig(), fixture.controlPlane, fixture.decryptionKeys.get("cpd"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
            fixture.close();
        }
    }

    @Test
    void aPublishedMessageAppearsLiveWithProvenanceAndRedactionMarkers() throws Exception {
        String marker = ConsumerGatewayIT.marker();
        String url = gateway.baseUrl() + "/console/#agency=cpd&purpose=" + PURPOSE + "&q=" + marker + "&token="
                + fixture.token("cpd", "jdoe");
        try (HeadlessChromium chromium = new HeadlessChromium(dir.resolve("profile"), 1200, 900)) {
            chromium.open(url);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chromium.evaluate("document.getElementById('status').className")
                            .asText()
                            .contains("live"));

            InboxFixture.Published published = fixture.publish("cpd", PURPOSE, marker);
            String card = "document.querySelector('[data-message-id=\"" + published.messageId() + "\"]')";
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chromium.evaluate(card + " !== null").asBoolean());

            String html = chromium.evaluate(card + ".outerHTML").asText();
            assertThat(html)
                    .contains("data-message-type=\"IncidentReport\"")
                    .contains("data-sender=\"cpd\"")
                    .contains("IncidentReport from cpd")
                    .contains("class=\"marker withheld\"")
                    .contains("transformed: PSEUDONYMIZE")
                    .contains(PURPOSE)
                    .contains(fixture.policy.version().substring(0, 19))
                    .contains(marker);

            Path screenshot = Path.of("target", "console-screenshot.png").toAbsolutePath();
            Files.write(screenshot, chromium.screenshot());
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        }
    }

    @Test
    void theCommandStructureAndTheDirectivesPanelShowWhoDirectsWhomAndADirectiveWithItsAnswer() throws Exception {
        String url =
                gateway.baseUrl() + "/console/#agency=cpd&purpose=joint-command&token=" + fixture.token("cpd", "jdoe");
        String directiveId = "D-" + ConsumerGatewayIT.marker();
        try (HeadlessChromium chromium = new HeadlessChromium(dir.resolve("profile-directives"), 1200, 900)) {
            chromium.open(url);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chromium.evaluate("document.getElementById('status').className")
                            .asText()
                            .contains("live"));

            Instant issued = Instant.parse("2026-12-07T16:00:00Z");
            fixture.publishPayload(
                    "guard",
                    "cpd",
                    "joint-command",
                    SamplePayloads.barrierTasking(directiveId, issued, Duration.ofMinutes(15)));
            String commander = "document.querySelector('tr[data-role=\"cpd/incident-commander\"]')";
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chromium.evaluate(commander + " !== null").asBoolean());
            assertThat(chromium.evaluate(commander + ".textContent").asText())
                    .contains("Incident Commander")
                    .contains("+1-312-555-0100");
            assertThat(chromium.evaluate("document.querySelector('[data-kind=\"crowd-safety-measure\"]').textContent")
                            .asText())
                    .contains("cpd/incident-commander may direct guard/liaison-officer, ice/liaison-officer")
                    .contains("oversight/duty-officer, who has PT30M to answer");
            String row = "document.querySelector('tr[data-directive-id=\"" + directiveId + "\"]')";
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chromium.evaluate(row + " !== null").asBoolean());
            assertThat(chromium.evaluate(row + ".outerHTML").asText())
                    .contains("class=\"directive open\"")
                    .contains("resource-tasking")
                    .contains("cpd/incident-commander")
                    .contains("guard/liaison-officer")
                    .contains("2026-12-07T16:15:00Z")
                    .contains(">open<");

            fixture.publishPayload(
                    "guard",
                    "cpd",
                    "joint-command",
                    SamplePayloads.acknowledgement(
                            directiveId, "guard", "liaison-officer", AcknowledgementResponse.ACCEPT, issued));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chromium.evaluate(row + ".className").asText().contains("settled"));
            assertThat(chromium.evaluate(row + ".textContent").asText()).contains("accepted by guard/liaison-officer");
        }
    }
}
