package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Loopback load: many SSE clients on one agency feed while the inbox receives a steady rate of
 * attested copies. Records the delivered event rate and the latency from the copy's Kafka
 * timestamp (when the backbone's producer sent it) to the moment a client parsed the event.
 * Bounded in clients, rate and time; runs only with {@code -Dliaison.load=true}:
 *
 * <pre>mvn -o -pl consumer-gateway verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=GatewayLoadIT -Dliaison.load=true [-Dliaison.load.clients=50 -Dliaison.load.rate=200 -Dliaison.load.seconds=20]</pre>
 */
class GatewayLoadIT {
    private static final String PURPOSE = "crowd-safety";
    private static final int TICK_MILLIS = 100; // one transaction per tick, like the backbone's commit interval

    @Test
    void manyClientsReceiveASteadyFeed() throws Exception {
        assumeTrue(Boolean.getBoolean("liaison.load"), "load test: run with -Dliaison.load=true");
        int clients = Integer.getInteger("liaison.load.clients", 50);
        int rate = Integer.getInteger("liaison.load.rate", 200);
        int seconds = Integer.getInteger("liaison.load.seconds", 20);
        int perTick = Math.max(1, rate * TICK_MILLIS / 1000);
        int expected = perTick * (seconds * 1000 / TICK_MILLIS);

        try (InboxFixture fixture = new InboxFixture();
                ConsumerGatewayServer gateway = ConsumerGatewayServer.start(
                        fixture.gatewayConfig()
                                .withQuotas(new GatewayQuotas(
                                        1, clients, GatewayQuotas.DEFAULTS.requestsPerMinutePerSubject())),
                        fixture.controlPlane,
                        fixture.decryptionKeys.get("cpd"),
                        Clock.systemUTC())) {
            String marker = ConsumerGatewayIT.marker();
            String url = gateway.baseUrl() + "/v1/agencies/cpd/feed?purpose=" + PURPOSE + "&q=" + marker;
            LatencyLog latencies = new LatencyLog(clients * expected);
            HttpClient http = HttpClient.newBuilder()
                    .executor(Executors.newFixedThreadPool(4))
                    .build();
            List<LoadClient> loadClients = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                loadClients.add(new LoadClient(http, url, fixture.token("cpd", "load-" + i), latencies));
            }

            // Sealed and attested ahead: the timed window measures the gateway, not the test's signing.
            List<InboxFixture.Prepared> copies = fixture.prepare("cpd", PURPOSE, marker, expected);
            AtomicInteger published = new AtomicInteger();
            ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
            Instant start = Instant.now();
            publisher.scheduleAtFixedRate(
                    () -> {
                        int from = published.get();
                        if (from < expected) {
                            fixture.sendPrepared("cpd", copies.subList(from, Math.min(expected, from + perTick)));
                            published.set(Math.min(expected, from + perTick));
                        }
                    },
                    0,
                    TICK_MILLIS,
                    TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(seconds * 3L))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> published.get() >= expected);
            Duration publishing = Duration.between(start, Instant.now());
            publisher.shutdownNow();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> loadClients.stream().allMatch(c -> c.received.get() >= expected || c.dropped));
            Duration delivering = Duration.between(start, Instant.now());
            loadClients.forEach(LoadClient::close);

            long delivered =
                    loadClients.stream().mapToLong(c -> c.received.get()).sum();
            long dropped = loadClients.stream().filter(c -> c.dropped).count();
            long[] sorted = latencies.sorted();
            String report = String.format(
                    "clients=%d published=%d in %.1fs (%.0f msg/s) delivered=%d events in %.1fs (%.0f events/s) dropped=%d "
                            + "latency p50=%dms p99=%dms max=%dms",
                    clients,
                    published.get(),
                    publishing.toMillis() / 1000.0,
                    published.get() * 1000.0 / publishing.toMillis(),
                    delivered,
                    delivering.toMillis() / 1000.0,
                    delivered * 1000.0 / delivering.toMillis(),
                    dropped,
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
            System.out.println("GATEWAY LOAD " + report);
            Files.writeString(Path.of("target", "gateway-load.txt"), report + System.lineSeparator());
            assertThat(dropped).isZero();
            assertThat(delivered).isEqualTo((long) clients * expected);
        }
    }

    private static long percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Latencies in milliseconds from every client, appended without locking on the hot path. */
    private static final class LatencyLog {
        private final long[] values;
        private final AtomicInteger size = new AtomicInteger();

        LatencyLog(int capacity) {
            values = new long[capacity];
        }

        void add(long millis) {
            int i = size.getAndIncrement();
            if (i < values.length) {
                values[i] = millis;
            }
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(values, Math.min(size.get(), values.length));
            Arrays.sort(copy);
            return copy;
        }
    }

    /** A lean SSE reader: reads only the timestamp of each event, as a browser's handler would parse it. */
    private static final class LoadClient {
        private static final String TIMESTAMP = "\"recordTimestamp\":";
        final AtomicLong received = new AtomicLong();
        volatile boolean dropped;
        private final InputStream body;

        LoadClient(HttpClient http, String url, String token, LatencyLog latencies)
                throws IOException, InterruptedException {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            body = response.body();
            Thread reader = new Thread(() -> read(latencies), "load-client");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(LatencyLog latencies) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("event: dropped")) {
                        dropped = true;
                    } else if (line.startsWith("data: ") && line.contains("\"fields\"")) {
                        int at = line.indexOf(TIMESTAMP) + TIMESTAMP.length();
                        int end = at;
                        while (Character.isDigit(line.charAt(end))) {
                            end++;
                        }
                        latencies.add(System.currentTimeMillis() - Long.parseLong(line.substring(at, end)));
                        received.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        void close() {
            try {
                body.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
