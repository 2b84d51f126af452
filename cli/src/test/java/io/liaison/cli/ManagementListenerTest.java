package io.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.SettingSources;
import io.liaison.web.management.Check;
import io.liaison.web.management.ManagementServer;
import io.liaison.web.metrics.ProcessMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management listener of {@code backbone run} and {@code checkpoint run}, where management.listen says. */
class ManagementListenerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = ProcessMetrics.registry("checkpointer");
    private final AtomicReference<Check> checkpointer =
            new AtomicReference<>(Check.ok("checkpointer", "signing, last checkpoint size 12"));

    @TempDir
    Path home;

    private SettingSources listening(String address) {
        return new SettingSources(
                new LiaisonHome(home), Map.of("LIAISON_MANAGEMENT_LISTEN", address), Optional.empty());
    }

    private ManagementListener.Start server() {
        return (host, port) -> ManagementServer.start(
                host, port, registry, () -> List.of(Check.ok("process", "running")), () -> List.of(checkpointer.get()));
    }

    @Test
    void servesHealthReadinessWithTheFailingCheckNamedAndMetrics() throws Exception {
        StringWriter out = new StringWriter();
        try (ManagementServer server =
                ManagementListener.start(listening("127.0.0.1:0"), server(), new PrintWriter(out))) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(out.toString()).contains(base + "/");
            assertThat(get(base + "/health").statusCode()).isEqualTo(200);
            assertThat(get(base + "/ready").statusCode()).isEqualTo(200);

            checkpointer.set(
                    Check.failing("checkpointer", "REFUSED: the audit log is shorter than the last checkpoint"));
            HttpResponse<String> ready = get(base + "/ready");
            JsonNode body = new ObjectMapper().readTree(ready.body());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(body.path("status").asText()).isEqualTo("NOT_READY");
            assertThat(body.path("reason").asText())
                    .isEqualTo("checkpointer: REFUSED: the audit log is shorter than the last checkpoint");

            HttpResponse<String> metrics = get(base + "/metrics");
            assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("text/plain");
            assertThat(metrics.body()).contains("jvm_memory_used_bytes{", "process=\"checkpointer\"");
        }
    }

    @Test
    void aPortInUseStopsTheStartNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ManagementListener.start(
                            listening("127.0.0.1:" + taken.getLocalPort()),
                            server(),
                            new PrintWriter(new StringWriter())))
                    .isInstanceOf(CliErrors.UserError.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("LIAISON_MANAGEMENT_LISTEN");
        }
    }

    @Test
    void anAddressWithoutAPortIsRefusedNamingTheVariable() {
        assertThatThrownBy(() ->
                        ManagementListener.start(listening("0.0.0.0"), server(), new PrintWriter(new StringWriter())))
                .hasMessageContaining("LIAISON_MANAGEMENT_LISTEN")
                .hasMessageContaining("host:port");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
