package io.liaison.web.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void readyOnlyWhenEveryCheckHolds() {
        Probe ready =
                Probe.readiness(List.of(Check.ok("streams", "state RUNNING"), Check.ok("control-plane", "current")));

        assertThat(ready.ok()).isTrue();
        assertThat(ready.httpStatus()).isEqualTo(200);
        assertThat(ready.body()).containsEntry("status", "READY").doesNotContainKey("reason");
    }

    @Test
    void oneFailingCheckMakesItNotReadyAndTheReasonNamesIt() {
        Probe probe = Probe.readiness(List.of(
                Check.ok("streams", "state RUNNING"),
                Check.failing("control-plane", "trust and policy are known only as of 12:00, 45s ago")));

        assertThat(probe.ok()).isFalse();
        assertThat(probe.httpStatus()).isEqualTo(503);
        assertThat(probe.body())
                .containsEntry("status", "NOT_READY")
                .containsEntry("reason", "control-plane: trust and policy are known only as of 12:00, 45s ago");
        assertThat(probe.body().get("checks"))
                .isEqualTo(Map.of(
                        "streams",
                        "ok: state RUNNING",
                        "control-plane",
                        "failing: trust and policy are known only as of 12:00, 45s ago"));
    }

    @Test
    void aProbeThatChecksNothingIsNotFine() {
        Probe probe = Probe.liveness(List.of());

        assertThat(probe.ok()).isFalse();
        assertThat(probe.body()).containsEntry("status", "DOWN").containsEntry("reason", "nothing is checked");
    }
}
