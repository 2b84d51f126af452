package io.liaison.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.AuditFixtures;
import io.liaison.audit.VerificationResult;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** No single changed byte anywhere in an export file goes unnoticed by verification. */
class SingleByteTamperProperties {
    private static final byte[] EXPORT = ExportFormat.write(AuditFixtures.signedLog(12, 4));

    @Property(tries = 400)
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
}
