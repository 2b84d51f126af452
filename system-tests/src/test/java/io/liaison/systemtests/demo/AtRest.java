package io.liaison.systemtests.demo;

import io.liaison.kernel.fields.Leaf;
import io.liaison.kernel.fields.LeafWalker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What is stored at rest, read the way an operator with broker admin rights or disk access would:
 * every record of every topic (internal ones and uncommitted records too), and every file under the
 * broker's data directory, searched for the scenario's personal values.
 */
final class AtRest {
    /** The demo's misconfigured system writes this unsealed to ingress.guard: the one value a scan must find. */
    static final String UNSEALED_CONTROL = "deployment: 2 trucks";
    /** Tags of values that are not personal; any other tag marks a value the scan must not find. */
    private static final Set<String> NOT_PERSONAL = Set.of("PUBLIC", "OPERATIONAL");

    private static final int SHORTEST = 6;

    private AtRest() {}

    /**
     * Every string leaf of the payloads tagged with anything but PUBLIC and OPERATIONAL (names,
     * addresses, phones, plates, A-numbers, narratives, officers), and every such date (dates of
     * birth) in ISO form; values shorter than six characters are left out, since random
     * ciphertext would match them by chance.
     */
    static Set<String> personalValues(List<GenericRecord> payloads) {
        Set<String> values = new TreeSet<>();
        for (GenericRecord payload : payloads) {
            for (Leaf leaf : LeafWalker.leaves(payload)) {
                if (leaf.isSize() || leaf.value() == null || NOT_PERSONAL.containsAll(leaf.tags())) {
                    continue;
                }
                String text = leaf.schema().getType() == Schema.Type.STRING
                        ? leaf.value().toString()
                        : leaf.schema().getLogicalType() instanceof LogicalTypes.Date ? date(leaf.value()) : null;
                if (text != null && text.length() >= SHORTEST) {
                    values.add(text);
                }
            }
        }
        return values;
    }

    private static String date(Object value) {
        return value instanceof LocalDate d
                ? d.toString()
                : LocalDate.ofEpochDay(((Number) value).longValue()).toString();
    }

    /** Per topic, the keys, values and headers of all its records, as a super user reads them (read_uncommitted). */
    static Map<String, byte[]> everyTopic(Map<String, Object> admin) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        List<String> topics;
        try (Admin client = Admin.create(admin)) {
            topics = new ArrayList<>(client.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get(30, TimeUnit.SECONDS));
        }
        Map<String, Object> p = new HashMap<>(admin);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        write(bytes, r.key());
                        write(bytes, r.value());
                        for (Header h : r.headers()) {
                            write(bytes, h.key().getBytes(StandardCharsets.UTF_8));
                            write(bytes, h.value());
                        }
                    }
                }
                out.put(topic, bytes.toByteArray());
            }
        }
        return out;
    }

    /** Every regular file under {@code dir}, byte for byte. */
    static Map<String, byte[]> everyFile(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return out;
    }

    /** Which of {@code values} occur in which of {@code stores} (UTF-8), value to store names. */
    static Map<String, List<String>> found(Map<String, byte[]> stores, Set<String> values) {
        Map<String, List<String>> hits = new TreeMap<>();
        stores.forEach((name, bytes) -> {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            for (String value : values) {
                if (text.contains(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                    hits.computeIfAbsent(value, v -> new ArrayList<>()).add(name);
                }
            }
        });
        return hits;
    }

    /** A grant of READ on one topic to {@code principal}. */
    static AclBinding read(String principal, String topic) {
        return new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", AclOperation.READ, AclPermissionType.ALLOW));
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes) {
        if (bytes != null) {
            out.writeBytes(bytes);
            out.write('\n');
        }
    }
}
