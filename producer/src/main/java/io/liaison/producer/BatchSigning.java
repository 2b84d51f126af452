package io.liaison.producer;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how a gateway signs concurrent messages as one Merkle batch: one Ed25519 signature over
 * the batch root, an inclusion path in each envelope (each still verifies on its own; see
 * docs/signing.md). Messages prepared within {@code linger} of the first one waiting, up to
 * {@code maxBatch}, share a signature.
 *
 * @param enabled  false: every message is signed on its own, in the publishing thread
 * @param linger   how long the first message of a batch waits for company; 0 signs whatever is queued at once
 * @param maxBatch the most messages under one signature (the inclusion path grows with log2 of it)
 */
public record BatchSigning(boolean enabled, Duration linger, int maxBatch) {
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
    /**
     * Kept small because {@code EnvelopeSigner.signBatch} computes each inclusion path from the
     * leaves (O(n) per message, O(n^2) per batch): at 256 the hashing cost more than the signature saved.
     */
    public static final int DEFAULT_MAX_BATCH = 32;

    public static final BatchSigning ON = new BatchSigning(true, DEFAULT_LINGER, DEFAULT_MAX_BATCH);
    public static final BatchSigning OFF = new BatchSigning(false, DEFAULT_LINGER, DEFAULT_MAX_BATCH);
    /**
     * Off: measured on the reference 2-core machine, batching did not raise end-to-end throughput
     * (the publish path is dominated by encoding, commitments and the broker round trip, and the one
     * signing thread becomes the bottleneck) while adding the linger to every publish's latency.
     * See producer/README.md, "Batch signing".
     */
    public static final BatchSigning DEFAULT = OFF;

    public BatchSigning {
        Objects.requireNonNull(linger, "batchSigning.linger");
        if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("batchSigning.linger must be between 0 and 1s, was " + linger);
        }
        if (maxBatch < 2 || maxBatch > 4096) {
            throw new IllegalArgumentException("batchSigning.maxBatch must be between 2 and 4096, was " + maxBatch);
        }
    }
}
