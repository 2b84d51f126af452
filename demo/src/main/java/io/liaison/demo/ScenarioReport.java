package io.liaison.demo;

import io.liaison.consumer.InboxItem;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * What the scenario produced, gathered from the agencies' inboxes (through the verifying SDK), the
 * audit log and the quarantine topic: everything the demo prints, and what its test asserts.
 *
 * @param received     per agency, the copies its SDK read (verified or refused)
 * @param denied       per agency, the audit records of messages the policy withheld from it
 * @param quarantined  rejected inputs with their reasons
 * @param auditRecords every audit record written
 * @param published    every payload the scenario signed, attacks included: what must never be readable at rest
 */
public record ScenarioReport(
        Map<String, List<InboxItem>> received,
        Map<String, List<AuditRecord>> denied,
        List<QuarantineRecord> quarantined,
        List<AuditRecord> auditRecords,
        List<GenericRecord> published) {}
