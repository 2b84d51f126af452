package io.liaison.streams;

import java.time.Instant;

/** Remembers message ids for the replay window. Backed by a persistent state store in the topology. */
public interface ReplayGuard {
    /** True if {@code messageId} was accepted before and is still within the window. */
    boolean seen(String messageId);

    /** Records that {@code messageId} was accepted at {@code at}. */
    void remember(String messageId, Instant at);
}
