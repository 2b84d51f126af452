package io.liaison.consumer.http;

import io.liaison.consumer.CopyVerifier;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client's SSE stream, run on the request's thread: catch up from the client's position by
 * reading Kafka directly, then serve live events from the client's buffer. Both phases advance the
 * same {@link FeedCursor} and skip whatever lies behind it, which is what makes the hand-over exact.
 *
 * <p>If the buffer overflows while catching up (the backlog was long and live traffic heavy), the
 * buffer is reset and the catch-up runs again to the new end of the log: nothing is lost because
 * every event the buffer refused lies below the end offsets read after the reset. If it overflows
 * once live, the client is too slow: it gets a final {@code dropped} event, without an id, so its
 * last event id still names the last event it received, and the stream ends.
 *
 * <p>A feed the gateway closes (its credential revoked, its purpose withdrawn, the gateway no longer
 * current) gets a final {@code closed} event naming the reason, also mid catch-up.
 */
final class FeedStream {
    static final long RETRY_MILLIS = 2_000;

    private final String agency;
    private final FeedSubscription subscription;
    private final InboxReader reader;
    private final CopyVerifier verifier;
    private final SseWriter out;
    private final FeedCursor cursor;
    private final long heartbeatMillis;
    private final Runnable heartbeatCheck;
    private final GatewayMetrics metrics;
    private final Consumer<InboxEvent.Message> viewed;

    /**
     * @param heartbeatCheck runs at each heartbeat; it may {@link ClientBuffer#close close} the buffer
     * @param viewed         audits a verified copy before it is sent; if it throws, the copy is not sent
     */
    FeedStream(
            String agency,
            FeedSubscription subscription,
            InboxReader reader,
            CopyVerifier verifier,
            SseWriter out,
            FeedCursor cursor,
            long heartbeatMillis,
            Runnable heartbeatCheck,
            GatewayMetrics metrics,
            Consumer<InboxEvent.Message> viewed) {
        this.agency = agency;
        this.subscription = subscription;
        this.reader = reader;
        this.verifier = verifier;
        this.out = out;
        this.cursor = cursor;
        this.heartbeatMillis = heartbeatMillis;
        this.heartbeatCheck = heartbeatCheck;
        this.metrics = metrics;
        this.viewed = viewed;
    }

    /** Streams until the client goes away (IOException), is dropped, or the thread is interrupted. */
    void run() throws IOException, InterruptedException {
        out.retry(RETRY_MILLIS);
        out.comment("subscribed to " + agency + " at " + cursor.encode());
        catchUp();
        ClientBuffer buffer = subscription.buffer();
        while (!Thread.currentThread().isInterrupted()) {
            InboxEvent event = buffer.poll(heartbeatMillis);
            if (event == null) {
                heartbeatCheck.run();
            }
            if (buffer.overflowed()) {
                end(buffer);
                return;
            }
            if (event == null) {
                out.comment("keep-alive");
            } else if (cursor.isAhead(event.partition(), event.offset())) {
                send(event);
            }
        }
    }

    private void catchUp() throws IOException {
        ClientBuffer buffer = subscription.buffer();
        while (true) {
            Map<Integer, Long> ends = reader.endOffsets(agency, cursor.partitions());
            IOException[] failed = new IOException[1];
            long read = reader.read(agency, verifier, cursor, ends, event -> {
                if (buffer.ended()) {
                    return false;
                }
                try {
                    if (subscription.wants(event)) {
                        sendAt(event, cursor.encode());
                    }
                    return true;
                } catch (IOException e) {
                    failed[0] = e;
                    return false;
                }
            });
            metrics.catchUpRecords.add(read);
            if (failed[0] != null) {
                throw failed[0];
            }
            if (!buffer.overflowed()) {
                return;
            }
            buffer.reset();
            if (buffer.overflowed()) {
                return; // aborted: the live loop drops the client
            }
        }
    }

    private void send(InboxEvent event) throws IOException {
        cursor.advancePast(event.partition(), event.offset());
        sendAt(event, cursor.encode());
    }

    private void sendAt(InboxEvent event, String id) throws IOException {
        if (event instanceof InboxEvent.Message copy) {
            viewed.accept(copy);
        }
        out.event(event.name(), id, event.json());
        metrics.sent(event);
    }

    private void end(ClientBuffer buffer) throws IOException {
        if (buffer.closure().isPresent()) {
            FeedClosure closure = buffer.closure().get();
            metrics.feedClosed(closure.reason());
            out.event(
                    "closed",
                    null,
                    InboxEvents.write(Map.of(
                            "reason",
                            closure.reason(),
                            "detail",
                            closure.detail(),
                            "policyVersion",
                            closure.policyVersion(),
                            "lastEventId",
                            cursor.encode())));
            return;
        }
        metrics.clientsDropped.increment();
        out.event(
                "dropped",
                null,
                InboxEvents.write(Map.of("reason", buffer.dropReason(), "lastEventId", cursor.encode())));
    }
}
