package io.liaison.consumer.http;

import io.liaison.cluster.topics.Topics;
import io.liaison.registry.AvroCodec;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.web.auth.CallerIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the gateway's decisions to the audit topic: a subscription (who, for which agency and
 * purpose) before any content is served, and every refusal. Each write waits for the broker's
 * acknowledgement, so the gateway fails closed: no audit record, no feed.
 */
final class AuditTrail implements AutoCloseable {
    static final String METHOD_SSE = "https-sse";
    static final String METHOD_REST = "https-rest";

    /** The audit record could not be written: answered with 503 and nothing served. */
    static final class AuditUnavailable extends RuntimeException {
        AuditUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroCodec codec;
    private final String component;
    private final Clock clock;
    private final Duration timeout;

    AuditTrail(
            KafkaProducer<byte[], byte[]> producer, AvroCodec codec, String component, Clock clock, Duration timeout) {
        this.producer = producer;
        this.codec = codec;
        this.component = component;
        this.clock = clock;
        this.timeout = timeout;
    }

    void subscribed(CallerIdentity who, String agency, String purpose, String policyVersion, String method) {
        write(base(who, agency, purpose, policyVersion, method)
                .setDecision(AuditDecision.SUBSCRIBED)
                .build());
    }

    /**
     * A verified copy served to an analyst, written (and acknowledged) before the copy is sent, so
     * "who saw what" answers per person and per message. The source position names the exact
     * inbox record served.
     */
    void viewed(
            CallerIdentity who,
            String agency,
            String purpose,
            String policyVersion,
            String method,
            InboxEvent.Message copy) {
        write(base(who, agency, purpose, policyVersion, method)
                .setDecision(AuditDecision.VIEWED)
                .setMessageId(copy.messageId())
                .setMessageType(copy.messageType())
                .setSourcePartition(copy.partition())
                .setSourceOffset(copy.offset())
                .build());
    }

    void accessDenied(
            CallerIdentity who,
            String requestedAgency,
            String purpose,
            String policyVersion,
            String reasonCode,
            String method) {
        write(base(who, requestedAgency, purpose, policyVersion, method)
                .setDecision(AuditDecision.ACCESS_DENIED)
                .setReasonCode(reasonCode)
                .build());
    }

    /**
     * The recipient is the analyst's own agency; the inbox asked for is the source topic, so a
     * refused cross-agency request names both.
     */
    private AuditRecord.Builder base(
            CallerIdentity who, String requestedAgency, String purpose, String policyVersion, String method) {
        return AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(clock.instant())
                .setRecipient(who.agency())
                .setRecipientPerson(who.subject())
                .setPurpose(purpose)
                .setPolicyVersion(policyVersion)
                .setRuleIds(List.of())
                .setSourceTopic(validInbox(requestedAgency))
                .setReleasingComponent(component)
                .setMethod(method);
    }

    private static String validInbox(String agency) {
        try {
            return Topics.inbox(agency);
        } catch (IllegalArgumentException e) {
            return null; // not an agency id at all: nothing to name
        }
    }

    private void write(AuditRecord record) {
        try {
            byte[] value = codec.encode(Topics.AUDIT + "-value", record);
            producer.send(new ProducerRecord<>(Topics.AUDIT, null, value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new AuditUnavailable("cannot write the audit record: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailable("interrupted while writing the audit record", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
