package io.liaison.audit.replay;

import io.liaison.kernel.envelope.Verdict;
import io.liaison.schemas.audit.AuditRecord;

/** A re-verification of one delivered copy (signatures, attestation, commitments) against its audit record. */
@FunctionalInterface
public interface CopyCheck {
    Verdict check(InboxCopy copy, AuditRecord record);
}
