package io.liaison.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.audit.LogTree;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointNotes;
import io.liaison.audit.checkpoint.SignedNote;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpointer's state file, and what it refuses before it reaches Kafka. */
class CheckpointStateTest {
    private static final String ORIGIN = "liaison.test/state";
    private static final SigningIdentity BACKBONE = new TestPki("State Test Root").backbone();

    @TempDir
    Path dir;

    private static SignedNote signed(String origin, int size) {
        LogTree tree = new LogTree();
        for (int i = 0; i < size; i++) {
            tree.append(("r" + i).getBytes());
        }
        return CheckpointNotes.sign(new Checkpoint(origin, size, tree.root()), BACKBONE, origin);
    }

    /** Nothing listens there: a refusal must come before any connection. */
    private static CheckpointPublisher publisher(Path state) {
        return new CheckpointPublisher(
                new CheckpointPublisher.Settings(
                        "localhost:1", ORIGIN, 1, Duration.ofSeconds(1), new Properties(), state),
                BACKBONE,
                Clock.systemUTC());
    }

    @Test
    void aMissingFileIsAFirstRunAndAWrittenNoteIsReadBackWithoutLeftovers() throws IOException {
        CheckpointState state = new CheckpointState(dir.resolve("checkpointer/last.note"));
        assertThat(state.read()).isEmpty();

        state.write(signed(ORIGIN, 3));
        state.write(signed(ORIGIN, 5));

        assertThat(state.read()).contains(Checkpoint.parse(signed(ORIGIN, 5).text()));
        try (Stream<Path> files = Files.list(dir.resolve("checkpointer"))) {
            assertThat(files).containsExactly(dir.resolve("checkpointer/last.note"));
        }
    }

    @Test
    void aStateFileThatHoldsNoSignedCheckpointIsRefusedAndLeftAsItIs() throws IOException {
        Path file = Files.writeString(dir.resolve("last.note"), "not a note\n");

        try (CheckpointPublisher publisher = publisher(file)) {
            publisher.start();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> publisher.health() instanceof CheckpointPublisher.Health.Refused);

            assertThat(publisher.health())
                    .isEqualTo(new CheckpointPublisher.Health.Refused("the checkpoint state " + file
                            + " holds no signed checkpoint: a signed note needs a blank line before its signatures"));
        }
        assertThat(file).hasContent("not a note\n");
    }

    @Test
    void aStateFileOfAnotherOriginIsRefused() throws IOException {
        Path file = Files.writeString(
                dir.resolve("last.note"), signed("liaison.test/other", 2).serialize());

        try (CheckpointPublisher publisher = publisher(file)) {
            publisher.start();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> publisher.health() instanceof CheckpointPublisher.Health.Refused);

            assertThat(publisher.health())
                    .isEqualTo(new CheckpointPublisher.Health.Refused("the checkpoint state " + file
                            + " is for origin 'liaison.test/other', not '" + ORIGIN + "'"));
        }
    }
}
