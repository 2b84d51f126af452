package io.liaison.audit.proof;

import io.liaison.audit.checkpoint.PublishedCheckpoint;
import java.util.List;

/**
 * One agency's slice of the audit log: every record that concerns the agency ({@link
 * AgencySlices#concerns}), each with its leaf index and inclusion path against one signed global
 * checkpoint, and nothing about anybody else. The agency's auditor checks it offline with the
 * backbone's public key ({@link AgencySlices#check}).
 *
 * @param agency     the agency the slice is for
 * @param checkpoint the signed checkpoint, as published, that every path leads to
 * @param entries    the agency's records in log order, with their paths
 */
public record AgencySlice(String agency, PublishedCheckpoint checkpoint, List<MessageProof.ProvenEntry> entries) {
    public AgencySlice {
        entries = List.copyOf(entries);
    }
}
