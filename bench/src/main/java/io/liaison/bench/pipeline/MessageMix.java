package io.liaison.bench.pipeline;

import io.liaison.policy.Deliver;
import io.liaison.policy.MessageFacts;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyEngine;
import io.liaison.policy.RecipientDecision;
import io.liaison.producer.MessageHeaders;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.payload.CommunityNotice;
import io.liaison.schemas.payload.DeploymentOrder;
import io.liaison.schemas.payload.IncidentReport;
import io.liaison.schemas.payload.ResourceRequest;
import io.liaison.schemas.payload.SituationReport;
import io.liaison.schemas.payload.WarrantKind;
import io.liaison.schemas.payload.WarrantNotice;
import io.liaison.schemas.samples.SamplePayloads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * What the benchmark publishes: a weighted mix of every message type, classification and caveat
 * the example MOU knows, from the three agencies it lets publish, each payload ~1 KB of Avro with
 * its ids and free text varied by message index (so redaction's recognisers see different text).
 * The kind of message {@code i} is fixed by {@code i}, which makes a run reproducible; a kind also
 * fixes sender and headers, so messages of one kind can share a Merkle batch signature.
 */
public final class MessageMix {
    /** Target size of an encoded payload, before the envelope and its field commitments. */
    static final int PAYLOAD_BYTES = 1024;

    /**
     * One kind of message.
     *
     * @param name    short label, for reports
     * @param sender  publishing agency
     * @param headers classification and caveats
     * @param weight  how many of every {@link #cycle()} messages are of this kind
     */
    record Kind(
            String name,
            String sender,
            MessageHeaders headers,
            int weight,
            BiFunction<String, Instant, GenericRecord> template) {}

    private static final String[] NAMES = {
        "Ana Petrovic",
        "James O'Neil",
        "Lakisha Brown",
        "Tomasz Nowak",
        "Hector Ruiz",
        "Mei Chen",
        "Samuel Okafor",
        "Rosa Delgado",
        "Ivan Kuznetsov",
        "Priya Raman",
        "Liam Walsh"
    };
    private static final String[] STREETS = {
        "W Madison St",
        "S Halsted St",
        "N Clark St",
        "W Roosevelt Rd",
        "S State St",
        "W Division St",
        "N Milwaukee Ave",
        "S Ashland Ave"
    };
    private static final String[] EVENTS = {
        "a crowd gathering",
        "a vehicle blocking the lane",
        "a fight breaking out",
        "barriers being moved",
        "smoke from a dumpster",
        "a lost child",
        "a man with a megaphone",
        "broken glass"
    };

    private final List<Kind> kinds;
    private final Kind[] byIndex;
    private final Map<String, Integer> paddingByKind;

    MessageMix() {
        kinds = List.of(
                new Kind(
                        "cpd-incident",
                        "cpd",
                        MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"),
                        4,
                        SamplePayloads::shotsFiredReport),
                new Kind(
                        "cpd-incident-juvenile",
                        "cpd",
                        MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII", "JUVENILE"),
                        1,
                        SamplePayloads::shotsFiredReport),
                new Kind("cpd-sitrep", "cpd", MessageHeaders.of(Classification.CUI), 3, SamplePayloads::sitrep),
                new Kind(
                        "cpd-resource-request",
                        "cpd",
                        MessageHeaders.of(Classification.CUI),
                        2,
                        SamplePayloads::barriers),
                new Kind(
                        "cpd-notice",
                        "cpd",
                        MessageHeaders.of(Classification.UNCLASSIFIED),
                        2,
                        SamplePayloads::roadClosure),
                new Kind(
                        "ice-criminal-warrant",
                        "ice",
                        MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"),
                        2,
                        (id, at) -> SamplePayloads.warrant(id, WarrantKind.CRIMINAL, at)),
                new Kind(
                        "ice-civil-warrant",
                        "ice",
                        MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"),
                        1,
                        (id, at) -> SamplePayloads.warrant(id, WarrantKind.CIVIL_ADMINISTRATIVE, at)),
                new Kind("ice-sitrep", "ice", MessageHeaders.of(Classification.CUI), 1, SamplePayloads::sitrep),
                new Kind(
                        "guard-deployment",
                        "guard",
                        MessageHeaders.of(Classification.CUI),
                        2,
                        SamplePayloads::deployment),
                new Kind("guard-sitrep", "guard", MessageHeaders.of(Classification.CUI), 1, SamplePayloads::sitrep),
                new Kind(
                        "guard-notice",
                        "guard",
                        MessageHeaders.of(Classification.UNCLASSIFIED),
                        1,
                        SamplePayloads::roadClosure));
        List<Kind> cycle = new ArrayList<>();
        for (int round = 0; cycle.size() < kinds.stream().mapToInt(Kind::weight).sum(); round++) {
            for (Kind k : kinds) {
                if (round < k.weight()) {
                    cycle.add(k); // interleaved, so a short run still sees every kind
                }
            }
        }
        byIndex = cycle.toArray(Kind[]::new);
        Map<String, Integer> padding = new HashMap<>();
        for (Kind k : kinds) {
            padding.put(k.name(), Math.max(0, PAYLOAD_BYTES - encodedSize(build(k, 0, Instant.EPOCH, 0))));
        }
        paddingByKind = Map.copyOf(padding);
    }

    List<Kind> kinds() {
        return kinds;
    }

    /** Messages per full round of the mix. */
    int cycle() {
        return byIndex.length;
    }

    Kind kindOf(long index) {
        return byIndex[(int) (index % byIndex.length)];
    }

    /** Message {@code index}: its kind's sample with ids and free text of its own, padded to ~1 KB. */
    GenericRecord payload(long index, Instant now) {
        Kind kind = kindOf(index);
        return build(kind, index, now, paddingByKind.get(kind.name()));
    }

    private static GenericRecord build(Kind kind, long index, Instant now, int padding) {
        String id = kind.sender().toUpperCase() + "-B-" + index;
        return withVariedText(kind.template().apply(id, now), index, padding);
    }

    /**
     * {@code p} with {@link #variedText} of message {@code index} appended to its free text (the
     * narrative, body, justification, mission or issuing authority, by type); returns {@code p}.
     */
    public static GenericRecord withVariedText(GenericRecord p, long index, int length) {
        String text = variedText(index, length);
        if (p instanceof IncidentReport r) {
            r.setNarrative(r.getNarrative() + text);
        } else if (p instanceof SituationReport r) {
            r.setNarrative(r.getNarrative() + text);
        } else if (p instanceof ResourceRequest r) {
            r.setJustification(r.getJustification() + text);
        } else if (p instanceof CommunityNotice r) {
            r.setBody(r.getBody() + text);
        } else if (p instanceof DeploymentOrder r) {
            r.setMission(r.getMission() + text);
        } else if (p instanceof WarrantNotice r) {
            r.setIssuingAuthority(r.getIssuingAuthority() + text);
        }
        return p;
    }

    /** Sentences with invented names, phones and streets, about {@code length} characters. */
    static String variedText(long index, int length) {
        StringBuilder text = new StringBuilder();
        for (long k = index * 7919; text.length() < length; k++) {
            int n = (int) Math.floorMod(k, 1_000_003L);
            text.append(" Caller ")
                    .append(NAMES[n % NAMES.length])
                    .append(" (312-555-")
                    .append(String.format("%04d", n % 10_000))
                    .append(") reported ")
                    .append(EVENTS[n % EVENTS.length])
                    .append(" near ")
                    .append(100 + n % 3900)
                    .append(' ')
                    .append(STREETS[n % STREETS.length])
                    .append('.');
        }
        return text.length() > length ? text.substring(0, length) : text.toString();
    }

    /** Deliveries the policy grants a message of {@code kind}: what the inboxes must receive. */
    static int deliveries(Policy policy, Kind kind, GenericRecord payload) {
        return (int) decisions(policy, kind, payload).stream()
                .filter(d -> d instanceof Deliver)
                .count();
    }

    /** The policy's decision for each other agency, as the backbone takes it. */
    static List<RecipientDecision> decisions(Policy policy, Kind kind, GenericRecord payload) {
        MessageFacts facts = new MessageFacts(
                kind.sender(),
                payload.getSchema().getName(),
                kind.headers().classification().name(),
                new HashSet<>(kind.headers().caveats()),
                new HashSet<>(kind.headers().releasability()),
                PolicyEngine.attributes(policy, payload));
        return PolicyEngine.decide(policy, facts);
    }

    static int encodedSize(GenericRecord payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<GenericRecord>(payload.getSchema()).write(payload, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size();
    }
}
