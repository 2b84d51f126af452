package io.liaison.streams;

import java.time.Instant;

/**
 * Remembers accepted messages for the replay window, by sender and message id. Backed by a
 * persistent state store in the topology.
 */
public interface ReplayGuard {
    /**
     * The store key of a message: its sender's agency id and its message id. A message id is the
     * sender's to choose, so keyed by the id alone one agency could publish another's ids first and
     * make that agency's messages replays. Agency ids have no {@code '/'}, so the key is unambiguous.
     */
    static String key(String sender, String messageId) {
        return sender + "/" + messageId;
    }

    /** True if the message under {@code key} was accepted before and is still within the window. */
    boolean seen(String key);

    /** Records that the message under {@code key} was accepted at {@code at}. */
    void remember(String key, Instant at);
}
