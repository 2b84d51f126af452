package io.liaison.consumer.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events framing (WHATWG HTML, "Server-sent events"): each event is flushed at once.
 * Data is single-line JSON, so one {@code data:} line per event.
 */
final class SseWriter {
    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** An event; {@code id} null leaves the client's last event id as it was. */
    void event(String name, String id, String data) throws IOException {
        StringBuilder frame = new StringBuilder(data.length() + 64);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        frame.append("event: ")
                .append(name)
                .append('\n')
                .append("data: ")
                .append(data)
                .append("\n\n");
        write(frame);
    }

    /** How long a client waits before reconnecting on its own. */
    void retry(long millis) throws IOException {
        write(new StringBuilder("retry: ").append(millis).append("\n\n"));
    }

    /** A comment line: ignored by clients, keeps the connection busy and detects dead peers. */
    void comment(String text) throws IOException {
        write(new StringBuilder(": ").append(text).append("\n\n"));
    }

    private void write(CharSequence frame) throws IOException {
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
