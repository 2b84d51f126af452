package io.liaison.demo;

import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.InboxConsumer;
import io.liaison.consumer.InboxItem;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.Receipt;
import io.liaison.registry.AvroCodec;
import io.liaison.runtime.BackboneStack;
import io.liaison.runtime.TopicTail;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import io.liaison.schemas.payload.IncidentReport;
import io.liaison.schemas.payload.WarrantKind;
import io.liaison.schemas.samples.SamplePayloads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scripted joint operation: a shooting near a rally, warrants, Guard logistics, crowd reports
 * and a public notice, plus five attacks or mistakes the backbone must stop. Publishes through the
 * real gateways, then collects what each agency's SDK received, what the audit log says was
 * withheld, and what was quarantined.
 */
public final class DemoScenario {
    /** The agencies the report is printed for, in this order. */
    static final List<String> AGENCIES = List.of("cpd", "ice", "guard", "oversight", "public");

    /** Boxed: audit records of the consumer gateway (SUBSCRIBED, ACCESS_DENIED) have no source record. */
    private record Input(String topic, Integer partition, Long offset) {}

    private final BackboneStack stack;
    private final PrintWriter out;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final Set<Input> inputs = new HashSet<>();
    private final List<GenericRecord> published = new ArrayList<>();

    public DemoScenario(BackboneStack stack, PrintWriter out) {
        this.stack = stack;
        this.out = out;
    }

    public ScenarioReport run(Duration timeout) {
        Instant now = Instant.now();
        AgencyGateway cpd = stack.gateway("cpd");
        AgencyGateway ice = stack.gateway("ice");
        AgencyGateway guard = stack.gateway("guard");

        out.println();
        out.println("Scenario: rally at the United Center and Daley Plaza, " + now);
        Receipt incident = publish(
                cpd,
                "cpd reports shots fired; suspect's immigration status is on file",
                SamplePayloads.shotsFiredReport("CPD-26-114871", now),
                MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"));
        publish(
                ice,
                "ice shares a CRIMINAL firearms-trafficking warrant",
                SamplePayloads.warrant("ICE-W-5521", WarrantKind.CRIMINAL, now),
                MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"));
        publish(
                ice,
                "ice shares a CIVIL immigration warrant (policy: not for cpd)",
                SamplePayloads.warrant("ICE-W-5522", WarrantKind.CIVIL_ADMINISTRATIVE, now),
                MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"));
        publish(
                guard,
                "guard issues a deployment order",
                SamplePayloads.deployment("NG-OPORD-17", now),
                MessageHeaders.of(Classification.CUI));
        publish(
                cpd,
                "cpd requests 200 barriers for Daley Plaza",
                SamplePayloads.barriers("CPD-RR-88", now),
                MessageHeaders.of(Classification.CUI));
        publish(
                guard,
                "guard reports the crowd at Daley Plaza",
                SamplePayloads.sitrep("NG-SITREP-3", now),
                MessageHeaders.of(Classification.CUI));
        publish(
                cpd,
                "cpd posts a road-closure notice for the public",
                SamplePayloads.roadClosure("CPD-CN-12", now),
                MessageHeaders.of(Classification.UNCLASSIFIED));

        out.println("  and what must not get through:");
        try (KafkaProducer<String, byte[]> rawCpd = rawProducer("cpd");
                KafkaProducer<String, byte[]> rawGuard = rawProducer("guard")) {
            IncidentReport relabelled = SamplePayloads.shotsFiredReport("CPD-26-114872", now);
            published.add(relabelled);
            Envelope downgraded = cpd.seal(relabelled, MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE))
                    .envelope();
            downgraded.setClassification(Classification.UNCLASSIFIED); // after signing
            // the backbone's encryption key is public: the attacker seals the altered envelope as a gateway would
            sendRaw(
                    rawCpd,
                    "cpd",
                    downgraded.getMessageId(),
                    "attacker re-labels a signed cpd report UNCLASSIFIED",
                    cpd.sealForBackbone(
                            downgraded.getMessageId(),
                            downgraded.getMessageType(),
                            cpd.codec().encode(Topics.ingress("cpd") + "-value", downgraded)));
            sendRaw(
                    rawCpd,
                    "cpd",
                    incident.messageId(),
                    "attacker replays cpd's incident report byte for byte",
                    replayOf(incident));
            sendRaw(
                    rawGuard,
                    "guard",
                    "demo-" + runId,
                    "a misconfigured system writes plain (unsealed) text to ingress.guard",
                    "deployment: 2 trucks".getBytes(StandardCharsets.UTF_8));
        }
        publish(
                cpd,
                "cpd signs a DeploymentOrder, which only the Guard may issue",
                SamplePayloads.deployment("CPD-FAKE-2", now),
                MessageHeaders.of(Classification.CUI));
        publish(
                cpd,
                "cpd's gateway registers IncidentReport with immigrationStatus tagged OPERATIONAL",
                relabelled(SamplePayloads.shotsFiredReport("CPD-26-114873", now)),
                MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"));
        return collect(timeout);
    }

    /**
     * {@code report} in a variant of its contract whose immigration status is tagged OPERATIONAL,
     * which the gateway registers as a new schema version: a sender trying to choose its own tags.
     */
    private static GenericRecord relabelled(IncidentReport report) {
        String contract = IncidentReport.getClassSchema().toString();
        Schema variant = new Schema.Parser()
                .parse(contract.replace(
                        "\"sensitivity\":[\"PII\",\"IMMIGRATION_STATUS\"]", "\"sensitivity\":[\"OPERATIONAL\"]"));
        if (variant.toString().equals(contract)) {
            throw new IllegalStateException(
                    "the IncidentReport contract no longer tags immigrationStatus PII, IMMIGRATION_STATUS");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            new SpecificDatumWriter<>(IncidentReport.class)
                    .write(report, EncoderFactory.get().directBinaryEncoder(bytes, null));
            return new GenericDatumReader<GenericRecord>(IncidentReport.getClassSchema(), variant)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Receipt publish(AgencyGateway gateway, String narration, GenericRecord payload, MessageHeaders headers) {
        Receipt r = gateway.publish(payload, headers);
        inputs.add(new Input(r.topic(), r.partition(), r.offset()));
        published.add(payload);
        out.printf("  - %-6s %-16s %s%n", gateway.agency(), payload.getSchema().getName(), narration);
        return r;
    }

    private byte[] replayOf(Receipt receipt) {
        try (TopicTail tail = new TopicTail(stack.clientProperties(Principals.ADMIN), receipt.topic())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : tail.poll()) {
                    if (r.partition() == receipt.partition() && r.offset() == receipt.offset()) {
                        return r.value();
                    }
                }
            }
        }
        throw new IllegalStateException("cannot read back " + receipt.messageId() + " to replay it");
    }

    private void sendRaw(KafkaProducer<String, byte[]> raw, String agency, String key, String narration, byte[] value) {
        try {
            RecordMetadata m = raw.send(new ProducerRecord<>(Topics.ingress(agency), key, value))
                    .get();
            inputs.add(new Input(m.topic(), m.partition(), m.offset()));
            out.printf("  - %-6s %-16s %s%n", "!", "(raw bytes)", narration);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the raw demo record: " + e.getMessage(), e);
        }
    }

    /** A plain producer logged in as {@code agency}: the broker lets it write only that agency's ingress topic. */
    private KafkaProducer<String, byte[]> rawProducer(String agency) {
        Map<String, Object> p = stack.clientProperties(agency);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Waits until every input has its audit records and every delivery reached its agency's SDK. */
    private ScenarioReport collect(Duration timeout) {
        AvroCodec codec = stack.readOnlyCodec();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, InboxConsumer> sdks = new LinkedHashMap<>();
        Map<String, List<InboxItem>> received = new TreeMap<>();
        for (String agency : AGENCIES) {
            sdks.put(agency, stack.inbox(agency, "demo-" + runId));
            received.put(agency, new ArrayList<>());
        }
        try (TopicTail audit = new TopicTail(stack.clientProperties(Principals.AUDITOR), Topics.AUDIT);
                TopicTail quarantine =
                        new TopicTail(stack.clientProperties(Principals.QUARANTINE_OFFICER), Topics.QUARANTINE)) {
            List<AuditRecord> records = List.of();
            List<QuarantineRecord> quarantined = List.of();
            while (true) {
                records = audit.poll().stream()
                        .map(r -> codec.decodeSpecific(r.value(), AuditRecord.class))
                        .filter(a -> inputs.contains(
                                new Input(a.getSourceTopic(), a.getSourcePartition(), a.getSourceOffset())))
                        .toList();
                quarantined = quarantine.poll().stream()
                        .map(r -> codec.decodeSpecific(r.value(), QuarantineRecord.class))
                        .filter(q -> inputs.contains(
                                new Input(q.getSourceTopic(), q.getSourcePartition(), q.getSourceOffset())))
                        .toList();
                for (Map.Entry<String, InboxConsumer> sdk : sdks.entrySet()) {
                    received.get(sdk.getKey()).addAll(sdk.getValue().poll(Duration.ofMillis(50)));
                }
                if (complete(records, quarantined, received)) {
                    Set<String> runIds = new HashSet<>();
                    records.forEach(a -> runIds.add(a.getMessageId()));
                    // earlier runs on the same data directory delivered too: keep this run's copies
                    received.values()
                            .forEach(items -> items.removeIf(
                                    i -> i instanceof InboxItem.Verified v && !runIds.contains(v.messageId())));
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the scenario did not complete within " + timeout + ": "
                            + records.size() + " audit records so far");
                }
            }
            Map<String, List<AuditRecord>> denied = new TreeMap<>();
            for (AuditRecord a : records) {
                if (a.getDecision() == AuditDecision.DENIED) {
                    denied.computeIfAbsent(a.getRecipient(), k -> new ArrayList<>())
                            .add(a);
                }
            }
            return new ScenarioReport(received, denied, quarantined, records, List.copyOf(published));
        }
    }

    private boolean complete(
            List<AuditRecord> records, List<QuarantineRecord> quarantined, Map<String, List<InboxItem>> received) {
        Set<Input> audited = new HashSet<>();
        records.forEach(a -> audited.add(new Input(a.getSourceTopic(), a.getSourcePartition(), a.getSourceOffset())));
        if (!audited.containsAll(inputs)) {
            return false;
        }
        long rejected = records.stream()
                .filter(a -> a.getDecision() == AuditDecision.QUARANTINED)
                .count();
        if (quarantined.size() < rejected) {
            return false; // committed with their audit records, but this reader has not fetched them yet
        }
        Set<String> expected = new HashSet<>();
        records.stream()
                .filter(a -> a.getDecision() == AuditDecision.DELIVERED)
                .forEach(a -> expected.add(a.getRecipient() + "/" + a.getMessageId()));
        Set<String> seen = new HashSet<>();
        received.forEach((agency, items) -> items.forEach(i -> {
            if (i instanceof InboxItem.Verified v) {
                seen.add(agency + "/" + v.messageId());
            }
        }));
        return seen.containsAll(expected);
    }
}
