package io.liaison.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cli.LiaisonHome;
import io.liaison.cli.runtime.EmbeddedBackbone;
import io.liaison.consumer.InboxItem;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end on the real parts: embedded KRaft broker, Apicurio Registry,
 * PKI, Streams backbone, gateways and SDKs, run twice on the same home to prove that state
 * (schemas, keys, topics, the replay store) survives a restart.
 */
class EmbeddedBackboneIT {
    private static final Path POLICY = Path.of("../config/policy.yaml");

    @TempDir
    Path home;

    @Test
    void theScenarioDeliversRedactedFullAndNoCopiesAndSurvivesARestart() {
        ScenarioReport first = runScenarioOnce();

        InboxItem.Verified toIce = verified(first, "ice", "IncidentReport");
        assertThat(toIce.provenance().sender()).isEqualTo("cpd");
        assertThat(toIce.provenance().changedFields())
                .containsEntry("involvedPersons[0].immigrationStatus", "DROP");
        InboxItem.Verified toCpd = verified(first, "cpd", "DeploymentOrder");
        assertThat(toCpd.provenance().changedFields()).as("full copy").isEmpty();
        assertThat(first.received().get("public")).allSatisfy(item ->
                assertThat(((InboxItem.Verified) item).provenance().messageType()).isEqualTo("CommunityNotice"));
        assertThat(first.denied().get("public")).extracting(a -> a.getMessageType()).contains("IncidentReport");
        assertThat(first.quarantined()).extracting(QuarantineRecord::getReasonCode)
                .containsExactlyInAnyOrder("SIGNATURE_INVALID", "REPLAY", "MALFORMED_ENVELOPE", "NOT_AUTHORIZED_TYPE");

        ScenarioReport second = runScenarioOnce();
        assertThat(second.received().values()).allSatisfy(items ->
                assertThat(items).allSatisfy(item -> assertThat(item).isInstanceOf(InboxItem.Verified.class)));
        assertThat(verified(second, "ice", "IncidentReport").messageId()).isNotEqualTo(toIce.messageId());
    }

    private ScenarioReport runScenarioOnce() {
        StringWriter log = new StringWriter();
        PrintWriter out = new PrintWriter(log, true);
        try (EmbeddedBackbone stack = EmbeddedBackbone.start(new LiaisonHome(home), EmbeddedBackbone.Ports.EPHEMERAL, POLICY, out)) {
            return new DemoScenario(stack, out).run(Duration.ofSeconds(90));
        }
    }

    private static InboxItem.Verified verified(ScenarioReport report, String agency, String type) {
        List<InboxItem> items = report.received().get(agency);
        return items.stream()
                .filter(i -> i instanceof InboxItem.Verified v && v.provenance().messageType().equals(type))
                .map(InboxItem.Verified.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError(agency + " received no verified " + type + ": " + items));
    }
}
