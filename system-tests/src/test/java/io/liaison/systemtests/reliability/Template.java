package io.liaison.systemtests.reliability;

import io.liaison.policy.Deliver;
import io.liaison.policy.MessageFacts;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyEngine;
import io.liaison.policy.RecipientDecision;
import io.liaison.policy.redaction.Redactor;
import io.liaison.producer.MessageHeaders;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.payload.WarrantKind;
import io.liaison.schemas.samples.SamplePayloads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The kinds of message the scenarios publish, in turn: between them every recipient gets a full
 * copy of some, a redacted copy of others and nothing of the rest, so a wrong fan-out, a wrong
 * redaction or a leak shows up in the counts.
 */
enum Template {
    CPD_INCIDENT(
            "cpd",
            SamplePayloads::shotsFiredReport,
            MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII")),
    ICE_CRIMINAL_WARRANT(
            "ice",
            (id, at) -> SamplePayloads.warrant(id, WarrantKind.CRIMINAL, at),
            MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII")),
    ICE_CIVIL_WARRANT(
            "ice",
            (id, at) -> SamplePayloads.warrant(id, WarrantKind.CIVIL_ADMINISTRATIVE, at),
            MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII")),
    GUARD_DEPLOYMENT("guard", SamplePayloads::deployment, MessageHeaders.of(Classification.CUI)),
    GUARD_SITREP("guard", SamplePayloads::sitrep, MessageHeaders.of(Classification.CUI)),
    CPD_NOTICE("cpd", SamplePayloads::roadClosure, MessageHeaders.of(Classification.UNCLASSIFIED));

    private final String sender;
    private final BiFunction<String, Instant, GenericRecord> payload;
    private final MessageHeaders headers;

    Template(String sender, BiFunction<String, Instant, GenericRecord> payload, MessageHeaders headers) {
        this.sender = sender;
        this.payload = payload;
        this.headers = headers;
    }

    /** The template of the {@code n}-th message of a run. */
    static Template nth(long n) {
        return values()[(int) (n % values().length)];
    }

    String sender() {
        return sender;
    }

    GenericRecord payload(String documentId) {
        return payload.apply(documentId, Instant.now());
    }

    MessageHeaders headers() {
        return headers;
    }

    /**
     * The reference fan-out of each template under {@code policy}, computed with the policy engine
     * and the redactor directly (no Kafka): per recipient, the field actions of its copy, or empty
     * when it must get nothing.
     */
    static Map<Template, Map<String, Optional<Map<String, String>>>> expectedFanOut(Policy policy) {
        Redactor redactor = new Redactor(
                new byte[32],
                Redactor.DEFAULT_PSEUDONYM_PERIOD,
                Clock.systemUTC()); // the actions do not depend on the pseudonym key
        Map<Template, Map<String, Optional<Map<String, String>>>> out = new EnumMap<>(Template.class);
        for (Template t : values()) {
            GenericRecord sample = asDecoded(t.payload("reference"));
            MessageFacts facts = new MessageFacts(
                    t.sender,
                    sample.getSchema().getName(),
                    t.headers.classification().name(),
                    new HashSet<>(t.headers.caveats()),
                    new HashSet<>(t.headers.releasability()),
                    PolicyEngine.attributes(policy, sample));
            Map<String, Optional<Map<String, String>>> byRecipient = new LinkedHashMap<>();
            for (RecipientDecision d : PolicyEngine.decide(policy, facts)) {
                byRecipient.put(
                        d.recipient(),
                        d instanceof Deliver deliver
                                ? Optional.of(
                                        redactor.redact(policy, deliver, sample).actionsByPath())
                                : Optional.empty());
            }
            out.put(t, byRecipient);
        }
        return out;
    }

    /** The payload as the backbone sees it: decoded generically, logical types as their raw Avro values. */
    private static GenericRecord asDecoded(GenericRecord payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<GenericRecord>(payload.getSchema()).write(payload, encoder);
            encoder.flush();
            return new GenericDatumReader<GenericRecord>(payload.getSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot round-trip a " + payload.getSchema().getName(), e);
        }
    }
}
