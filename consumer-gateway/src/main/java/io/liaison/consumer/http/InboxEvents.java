package io.liaison.consumer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liaison.consumer.InboxItem;
import io.liaison.kernel.envelope.Provenance;
import io.liaison.kernel.fields.Leaf;
import io.liaison.kernel.fields.LeafWalker;
import io.liaison.schemas.envelope.Envelope;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericFixed;

/**
 * Renders verified and refused inbox items as feed events. A payload is sent as its leaves (the
 * same paths the sender committed to and the attestation names), each with the backbone's action
 * when it withheld or transformed that field, so a client marks redactions without knowing schemas.
 */
final class InboxEvents {
    static final ObjectMapper JSON = new ObjectMapper();

    private InboxEvents() {}

    static InboxEvent of(InboxItem item, long recordTimestamp) {
        if (item instanceof InboxItem.Verified v) {
            return message(v, recordTimestamp);
        }
        InboxItem.Refused r = (InboxItem.Refused) item;
        ObjectNode data = JSON.createObjectNode()
                .put("messageId", r.messageId())
                .put("reason", r.reason().name())
                .put("detail", r.detail())
                .put("partition", r.partition())
                .put("offset", r.offset())
                .put("recordTimestamp", recordTimestamp);
        return new InboxEvent.Refused(r.partition(), r.offset(), r.messageId(), write(data));
    }

    private static InboxEvent.Message message(InboxItem.Verified v, long recordTimestamp) {
        Envelope e = v.envelope();
        Provenance p = v.provenance();
        ObjectNode data = JSON.createObjectNode()
                .put("messageId", v.messageId())
                .put("messageType", e.getMessageType())
                .put("sender", e.getSenderAgency())
                .put("classification", e.getClassification().name())
                .put("createdAt", e.getCreatedAt().toString())
                .put("recordTimestamp", recordTimestamp)
                .put("partition", v.partition())
                .put("offset", v.offset());
        ArrayNode caveats = data.putArray("caveats");
        e.getCaveats().forEach(caveats::add);
        ObjectNode provenance = data.putObject("provenance")
                .put("sender", p.sender())
                .put("purpose", p.purpose())
                .put("policyVersion", p.policyVersion())
                .put("attestedAt", p.attestedAt().toString());
        ArrayNode rules = provenance.putArray("ruleIds");
        p.ruleIds().forEach(rules::add);
        ObjectNode changed = provenance.putObject("changedFields");
        p.changedFields().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(c -> changed.put(c.getKey(), c.getValue()));
        ArrayNode fields = data.putArray("fields");
        StringBuilder search =
                new StringBuilder(e.getMessageType()).append('\n').append(e.getSenderAgency());
        for (Leaf leaf : LeafWalker.leaves(v.payload())) {
            if (leaf.isSize()) {
                continue;
            }
            ObjectNode field = fields.addObject().put("path", leaf.path());
            String action = p.changedFields().get(leaf.path());
            if (action != null) {
                field.put("action", action);
            }
            Object value = plain(leaf);
            if (value == null) {
                field.putNull("value");
            } else if (value instanceof Number || value instanceof Boolean) {
                field.set("value", JSON.valueToTree(value));
                search.append('\n').append(value);
            } else {
                field.put("value", value.toString());
                search.append('\n').append(value);
            }
        }
        return new InboxEvent.Message(
                v.partition(),
                v.offset(),
                v.messageId(),
                e.getMessageType(),
                e.getCaveats(),
                e.getCreatedAt(),
                p.purpose(),
                search.toString().toLowerCase(Locale.ROOT),
                write(data));
    }

    /** A leaf's raw Avro value as JSON-friendly Java: timestamps and dates as ISO text, bytes as base64. */
    static Object plain(Leaf leaf) {
        Object value = leaf.value();
        if (value == null) {
            return null;
        }
        LogicalType logical = leaf.schema().getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis && value instanceof Long millis) {
            return Instant.ofEpochMilli(millis).toString();
        }
        if (logical instanceof LogicalTypes.Date && value instanceof Integer days) {
            return LocalDate.ofEpochDay(days).toString();
        }
        if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] raw = new byte[copy.remaining()];
            copy.get(raw);
            return Base64.getEncoder().encodeToString(raw);
        }
        if (value instanceof GenericFixed fixed) {
            return Base64.getEncoder().encodeToString(fixed.bytes());
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return value.toString();
    }

    static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
