package io.liaison.runtime.audit;

import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.SignedNote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The checkpointer's memory: the last signed checkpoint note, in one file. Written whole to a
 * temporary file beside it, forced to disk and moved over it atomically, so a crash leaves the old
 * note or the new one, never half of either.
 */
final class CheckpointState {
    private final Path file;

    CheckpointState(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * The last signed checkpoint, or empty when there is no file (a first run).
     *
     * @throws IllegalStateException when the file cannot be read or holds no signed checkpoint
     */
    Optional<Checkpoint> read() {
        String note;
        try {
            note = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the checkpoint state " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(Checkpoint.parse(SignedNote.parse(note).text()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the checkpoint state " + file + " holds no signed checkpoint: " + e.getMessage(), e);
        }
    }

    /** Replaces the file with {@code note}. */
    void write(SignedNote note) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
            try {
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    out.write(ByteBuffer.wrap(note.serialize().getBytes(StandardCharsets.UTF_8)));
                    out.force(true);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp); // left only when the move failed
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint state " + file + ": " + e.getMessage(), e);
        }
    }
}
