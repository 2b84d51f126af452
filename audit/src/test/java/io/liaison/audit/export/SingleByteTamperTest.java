package io.liaison.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.AuditFixtures;
import io.liaison.audit.VerificationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No single changed byte anywhere in an export file goes unnoticed by verification. Try {@code i}
 * of either property draws its byte (and record) from {@code new SplittableRandom(BASE_SEED + i)}.
 */
class SingleByteTamperTest {
    private static final long BASE_SEED = 0x1A15_0000_0004L;
    private static final AuditExport LOG = AuditFixtures.signedLog(12, 4);
    private static final byte[] EXPORT = ExportFormat.write(LOG);

    static LongStream fileSeeds() {
        return LongStream.range(0, 300).map(i -> BASE_SEED + i);
    }

    static LongStream recordSeeds() {
        return LongStream.range(0, 150).map(i -> BASE_SEED + i);
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("fileSeeds")
    void anyChangedByteIsDetected(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] tampered = EXPORT.clone();
        int at = random.nextInt(tampered.length);
        int xor = 1 + random.nextInt(255);
        tampered[at] ^= (byte) xor;

        assertThat(detected(tampered))
                .as("seed %d: byte %d of %d xor %d", seed, at, tampered.length, xor)
                .isTrue();
    }

    private static boolean detected(byte[] file) {
        ExportFormat.Read read;
        try {
            read = ExportFormat.read(file);
        } catch (IllegalArgumentException e) {
            return true;
        }
        VerificationResult result = AuditFixtures.verify(read.export());
        return !read.digestMatches() || !result.ok();
    }

    /** Even when the file's trailer digest is recomputed, a changed record byte breaks the signed tree. */
    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("recordSeeds")
    void aChangedRecordByteBreaksTheSignedTree(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<AuditEntry> records = new ArrayList<>(LOG.records());
        int index = random.nextInt(records.size());
        byte[] value = records.get(index).value();
        int at = random.nextInt(value.length);
        int xor = 1 + random.nextInt(255);
        value[at] ^= (byte) xor;
        String what = "seed " + seed + ": record " + index + " byte " + at + " xor " + xor;
        records.set(index, new AuditEntry(index, records.get(index).offset(), value));
        byte[] rewritten =
                ExportFormat.write(new AuditExport(LOG.exportedAt(), LOG.writerSchemas(), LOG.checkpoints(), records));

        ExportFormat.Read read = ExportFormat.read(rewritten);

        assertThat(read.digestMatches()).as(what).isTrue();
        VerificationResult result = AuditFixtures.verify(read.export());
        assertThat(result.firstProblem())
                .as(what)
                .hasValueSatisfying(p -> assertThat(p.index()).as(what).isBetween(index / 4 * 4L, (long) index));
    }
}
