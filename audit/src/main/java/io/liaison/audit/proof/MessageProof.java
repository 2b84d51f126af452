package io.liaison.audit.proof;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import java.util.List;

/**
 * Evidence that a message's audit records are in the log: each record's exact bytes, its leaf
 * index and RFC 6962 inclusion path, and the signed checkpoint the paths lead to. Anyone with the
 * backbone's public key checks it offline ({@link MessageProofs#check}).
 *
 * @param messageId  the message the records describe
 * @param checkpoint the signed checkpoint, as published
 * @param entries    the message's audit records with their paths
 */
public record MessageProof(String messageId, PublishedCheckpoint checkpoint, List<ProvenEntry> entries) {
    public MessageProof {
        entries = List.copyOf(entries);
    }

    /**
     * @param entry the audit record (index, offset, exact value bytes)
     * @param path  inclusion path of the record in the checkpoint's tree, bottom-up
     */
    public record ProvenEntry(AuditEntry entry, List<byte[]> path) {
        public ProvenEntry {
            path = path.stream().map(byte[]::clone).toList();
        }
    }
}
