package io.liaison.audit;

import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What {@link LogVerifier} found.
 *
 * @param records            number of records read
 * @param checkpointsVerified checkpoints whose signature verified and whose root matched the log
 * @param witnessed          of those, how many carried at least one verified witness cosignature
 * @param latest             the largest verified checkpoint, if any
 * @param latestCosignatures the verified witness cosignatures on it (over every copy published of it)
 * @param unattested         records after the latest verified checkpoint (not yet covered by a signature)
 * @param problems           every problem found, ordered by the log index it concerns
 */
public record VerificationResult(
        long records,
        int checkpointsVerified,
        int witnessed,
        Optional<Checkpoint> latest,
        List<CheckpointVerifier.Cosignature> latestCosignatures,
        long unattested,
        List<Problem> problems) {
    public VerificationResult {
        latestCosignatures = List.copyOf(latestCosignatures);
        problems = problems.stream()
                .sorted(Comparator.comparingLong(Problem::index))
                .toList();
    }

    /**
     * One thing wrong with the log.
     *
     * @param index  the first leaf index the problem puts in doubt, or {@link #CHECKPOINT} when a
     *               checkpoint note itself is bad (listed first: the signatures are the anchor)
     * @param detail one sentence naming what is wrong and where
     */
    public record Problem(long index, String detail) {
        public static final long CHECKPOINT = -1;
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    public Optional<Problem> firstProblem() {
        return problems.stream().findFirst();
    }
}
