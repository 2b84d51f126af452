package io.liaison.witness;

import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.SignedNote;
import io.liaison.audit.checkpoint.Witness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The witness's memory on disk: per origin, the last note it cosigned, in
 * {@code <dir>/<url-encoded origin>.note}. Each is written whole to a temporary file, forced to disk
 * and moved over the old one atomically, so a crash leaves the old note or the new one; the witness
 * answers only after the move, so a cosignature it gave is never forgotten by a restart.
 */
public final class WitnessStateFiles implements Witness.Memory {
    private static final String SUFFIX = ".note";

    private final Path dir;

    public WitnessStateFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The last checkpoint cosigned per origin; empty when the directory does not exist yet.
     *
     * @throws IllegalStateException when a file is unreadable, holds no checkpoint, or its checkpoint's
     *                               origin is not the one its name says: the witness must not start
     *                               with a memory it cannot trust
     */
    public Map<String, Checkpoint> load() {
        Map<String, Checkpoint> state = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return state;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .toList()) {
                String name = file.getFileName().toString();
                String origin =
                        URLDecoder.decode(name.substring(0, name.length() - SUFFIX.length()), StandardCharsets.UTF_8);
                Checkpoint checkpoint;
                try {
                    checkpoint = Checkpoint.parse(SignedNote.parse(Files.readString(file, StandardCharsets.UTF_8))
                            .text());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(
                            "the witness state " + file + " holds no cosigned checkpoint: " + e.getMessage(), e);
                }
                if (!checkpoint.origin().equals(origin)) {
                    throw new IllegalStateException("the witness state " + file + " holds a checkpoint of origin '"
                            + checkpoint.origin() + "', not '" + origin + "'");
                }
                state.put(origin, checkpoint);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the witness state " + dir + ": " + e.getMessage(), e);
        }
        return state;
    }

    @Override
    public void remember(SignedNote cosigned) {
        String origin = Checkpoint.parse(cosigned.text()).origin();
        Path file = dir.resolve(URLEncoder.encode(origin, StandardCharsets.UTF_8) + SUFFIX);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
            try {
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    out.write(ByteBuffer.wrap(cosigned.serialize().getBytes(StandardCharsets.UTF_8)));
                    out.force(true);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp); // left only when the move failed
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the witness state " + file + ": " + e.getMessage(), e);
        }
    }
}
