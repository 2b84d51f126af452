package io.liaison.consumer.http;

import java.time.Instant;
import java.util.List;

/**
 * One inbox record turned into what the feed sends: its SSE event name and JSON data, computed once
 * and shared by every client that receives it, plus the plain values filters look at.
 */
sealed interface InboxEvent {
    int partition();

    long offset();

    /** The SSE event name. */
    String name();

    /** The SSE data line: single-line JSON. */
    String json();

    /** A verified copy. {@code searchText} is the lower-cased payload values, type and sender, for {@code q}. */
    record Message(
            int partition,
            long offset,
            String messageId,
            String messageType,
            List<String> caveats,
            Instant createdAt,
            String purpose,
            String searchText,
            String json)
            implements InboxEvent {
        public Message {
            caveats = List.copyOf(caveats);
        }

        @Override
        public String name() {
            return "message";
        }
    }

    /** A copy that failed verification: only its id, position and the reason are ever sent. */
    record Refused(int partition, long offset, String messageId, String json) implements InboxEvent {
        @Override
        public String name() {
            return "refused";
        }
    }
}
