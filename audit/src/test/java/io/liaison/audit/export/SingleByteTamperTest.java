package io.liaison.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.AuditFixtures;
import io.liaison.audit.VerificationResult;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** No single changed byte anywhere in an export file goes unnoticed by verification. */
class SingleByteTamperTest {
    private static final AuditExport LOG = AuditFixtures.signedLog(12, 4);
    private static final byte[] EXPORT = ExportFormat.write(LOG);

    @Property(tries = 300)
    void anyChangedByteIsDetected(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
                                  @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] tampered = EXPORT.clone();
        int at = position % tampered.length;
        tampered[at] ^= (byte) xor;

        assertThat(detected(tampered)).as("byte %d xor %d", at, xor).isTrue();
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
    @Property(tries = 150)
    void aChangedRecordByteBreaksTheSignedTree(@ForAll @IntRange(min = 0, max = 11) int index,
                                               @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
                                               @ForAll @IntRange(min = 1, max = 255) int xor) {
        List<AuditEntry> records = new ArrayList<>(LOG.records());
        byte[] value = records.get(index).value();
        value[position % value.length] ^= (byte) xor;
        records.set(index, new AuditEntry(index, records.get(index).offset(), value));
        byte[] rewritten = ExportFormat.write(new AuditExport(LOG.exportedAt(), LOG.writerSchemas(), LOG.checkpoints(), records));

        ExportFormat.Read read = ExportFormat.read(rewritten);

        assertThat(read.digestMatches()).isTrue();
        VerificationResult result = AuditFixtures.verify(read.export());
        assertThat(result.firstProblem()).hasValueSatisfying(p -> assertThat(p.index()).isBetween(index / 4 * 4L, (long) index));
    }
}
