package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading must not hold up the others: the gateway drops it with a final
 * {@code dropped} event once its bounded buffer overflows, and it resumes where it left off.
 */
class SlowClientIT {
    private static final String PURPOSE = "crowd-safety";
    private static final int BUFFER_EVENTS = 16;
    private static final int MESSAGES = 60;
    private static final Pattern ID_LINE = Pattern.compile("^id: (\\S+)$", Pattern.MULTILINE);
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");

    private static InboxFixture fixture;
    private static ConsumerGatewayServer gateway;

    @BeforeAll
    static void start() {
        fixture = new InboxFixture();
        // Small socket buffers make the per-client buffer, not the kernel, the bound on a stalled reader.
        gateway = ConsumerGatewayServer.start(
                fixture.gatewayConfig().withClientBuffers(BUFFER_EVENTS, 4096),
                fixture.controlPlane,
                fixture.decryptionKeys.get("cpd"),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixture.close();
    }

    @Test
    void aStalledClientIsDroppedWithoutStallingAFastOneAndResumesWhereItLeftOff() throws Exception {
        String marker = ConsumerGatewayIT.marker();
        String query = "/v1/agencies/cpd/feed?purpose=" + PURPOSE + "&q=" + marker;
        String token = fixture.token("cpd", "jdoe");
        HttpClient http = HttpClient.newHttpClient();

        try (Socket slow = stalledClient(query, token);
                SseTestClient fast = SseTestClient.open(http, gateway.baseUrl() + query, token, null)) {
            List<String> published = fixture.publishAll("cpd", PURPOSE, marker, MESSAGES).stream()
                    .map(InboxFixture.Published::messageId)
                    .toList();

            await().atMost(Duration.ofSeconds(30)).until(() -> fast.messageIds().size() == MESSAGES);
            assertThat(fast.messageIds()).containsExactlyInAnyOrderElementsOf(published);
            assertThat(fast.named("dropped")).isEmpty();

            String stream = readToEnd(slow.getInputStream());
            assertThat(stream)
                    .contains("event: dropped")
                    .contains("fell more than " + BUFFER_EVENTS + " events behind");
            String beforeDrop = stream.substring(0, stream.indexOf("event: dropped"));
            List<String> seen = matches(MESSAGE_ID, beforeDrop);
            assertThat(seen).hasSizeLessThan(MESSAGES);
            List<String> ids = matches(ID_LINE, beforeDrop);
            String lastId = ids.get(ids.size() - 1);

            try (SseTestClient resumed = SseTestClient.open(http, gateway.baseUrl() + query, token, lastId)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> seen.size() + resumed.messageIds().size() >= MESSAGES);
                List<String> all = new ArrayList<>(seen);
                all.addAll(resumed.messageIds());
                Set<String> distinct = new HashSet<>(all);
                assertThat(all).hasSize(distinct.size());
                assertThat(distinct).containsExactlyInAnyOrderElementsOf(published);
            }
        }
    }

    /** Sends the request, waits for the stream to open, then reads nothing more: a stalled browser. */
    private static Socket stalledClient(String path, String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.UTF_8).contains(": subscribed")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("stream closed before it opened: " + head);
            }
            head.write(b);
        }
        return socket;
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.UTF_8);
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
