package io.liaison.audit;

import java.util.Arrays;

/**
 * One leaf of the dissemination log: the exact value bytes of an audit-topic record (Confluent
 * wire format), its position in the log and the Kafka offset it was read from. Offsets have gaps
 * (transaction markers), so the leaf index, not the offset, is the position in the tree.
 *
 * @param index  leaf index, 0-based, in audit-topic offset order
 * @param offset the record's offset in the audit topic
 * @param value  the record value, byte for byte
 */
public record AuditEntry(long index, long offset, byte[] value) {
    public AuditEntry {
        if (index < 0) {
            throw new IllegalArgumentException("index must be at least 0, was " + index);
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditEntry e && e.index == index && e.offset == offset && Arrays.equals(e.value, value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "AuditEntry[index=" + index + ", offset=" + offset + ", " + value.length + " bytes]";
    }
}
