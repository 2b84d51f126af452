package io.liaison.kernel.fields;

import io.liaison.schemas.Sensitivity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Walks an Avro record's leaves in schema order and rebuilds records leaf by leaf.
 *
 * <p>Path grammar: record fields are joined with {@code .}; array elements are {@code name[i]}, the
 * array's size {@code name[#]}; map entries are {@code name{key}} (keys in sorted order), the map's
 * size {@code name{#}}. Unions are transparent: the path names the field, the leaf carries the
 * branch in use. Signing, commitments and redaction all use these paths, so they always agree.
 */
public final class LeafWalker {
    private LeafWalker() {}

    public static List<Leaf> leaves(GenericRecord record) {
        List<Leaf> out = new ArrayList<>();
        walk(record.getSchema(), record, "", Set.of(), false, out);
        return out;
    }

    /**
     * A deep copy of {@code record} as a {@link GenericData.Record}, each leaf replaced by
     * {@code replacement.apply(leaf)}. Array and map sizes are kept (their size leaves are passed to
     * the function but its answer is ignored): redaction never changes a payload's shape.
     */
    public static GenericRecord rewrite(GenericRecord record, Function<Leaf, Object> replacement) {
        return (GenericRecord) rebuild(record.getSchema(), record, "", Set.of(), false, replacement);
    }

    private static void walk(
            Schema schema, Object value, String path, Set<String> tags, boolean nullable, List<Leaf> out) {
        switch (schema.getType()) {
            case RECORD -> {
                GenericRecord rec = (GenericRecord) value;
                List<Set<String>> own = ownTags(schema);
                for (Schema.Field field : schema.getFields()) {
                    walk(
                            field.schema(),
                            rec.get(field.pos()),
                            child(path, field.name()),
                            withTags(tags, own.get(field.pos())),
                            false,
                            out);
                }
            }
            case UNION -> {
                Schema branch = branch(schema, value);
                if (value == null) {
                    out.add(new Leaf(path, branch, null, tags, true));
                } else {
                    walk(branch, value, path, tags, true, out);
                }
            }
            case ARRAY -> {
                Collection<?> items = (Collection<?>) value;
                out.add(new Leaf(path + "[#]", Schema.create(Schema.Type.LONG), (long) items.size(), tags, false));
                int i = 0;
                for (Object item : items) {
                    walk(schema.getElementType(), item, path + "[" + i++ + "]", tags, false, out);
                }
            }
            case MAP -> {
                Map<String, ?> sorted = sortedMap((Map<?, ?>) value);
                out.add(new Leaf(path + "{#}", Schema.create(Schema.Type.LONG), (long) sorted.size(), tags, false));
                sorted.forEach((k, v) -> walk(schema.getValueType(), v, path + "{" + k + "}", tags, false, out));
            }
            default -> out.add(new Leaf(path, schema, value, tags, nullable));
        }
    }

    private static Object rebuild(
            Schema schema,
            Object value,
            String path,
            Set<String> tags,
            boolean nullable,
            Function<Leaf, Object> replacement) {
        switch (schema.getType()) {
            case RECORD -> {
                GenericRecord rec = (GenericRecord) value;
                GenericData.Record copy = new GenericData.Record(schema);
                List<Set<String>> own = ownTags(schema);
                for (Schema.Field field : schema.getFields()) {
                    copy.put(
                            field.pos(),
                            rebuild(
                                    field.schema(),
                                    rec.get(field.pos()),
                                    child(path, field.name()),
                                    withTags(tags, own.get(field.pos())),
                                    false,
                                    replacement));
                }
                return copy;
            }
            case UNION -> {
                Schema branch = branch(schema, value);
                return value == null
                        ? replacement.apply(new Leaf(path, branch, null, tags, true))
                        : rebuild(branch, value, path, tags, true, replacement);
            }
            case ARRAY -> {
                Collection<?> items = (Collection<?>) value;
                replacement.apply(
                        new Leaf(path + "[#]", Schema.create(Schema.Type.LONG), (long) items.size(), tags, false));
                List<Object> copy = new ArrayList<>(items.size());
                int i = 0;
                for (Object item : items) {
                    copy.add(rebuild(schema.getElementType(), item, path + "[" + i++ + "]", tags, false, replacement));
                }
                return new GenericData.Array<>(schema, copy);
            }
            case MAP -> {
                Map<String, ?> sorted = sortedMap((Map<?, ?>) value);
                replacement.apply(
                        new Leaf(path + "{#}", Schema.create(Schema.Type.LONG), (long) sorted.size(), tags, false));
                Map<String, Object> copy = new LinkedHashMap<>();
                sorted.forEach((k, v) ->
                        copy.put(k, rebuild(schema.getValueType(), v, path + "{" + k + "}", tags, false, replacement)));
                return copy;
            }
            default -> {
                return replacement.apply(new Leaf(path, schema, value, tags, nullable));
            }
        }
    }

    /** The branch of a union in use. Our unions are [null, X]; other unions fall back to Avro's resolution. */
    private static Schema branch(Schema union, Object value) {
        List<Schema> types = union.getTypes();
        Schema nullBranch = null;
        Schema onlyOther = null;
        int others = 0;
        for (Schema t : types) {
            if (t.getType() == Schema.Type.NULL) {
                nullBranch = nullBranch == null ? t : nullBranch;
            } else {
                onlyOther = t;
                others++;
            }
        }
        if (value == null) {
            if (nullBranch == null) {
                throw new IllegalArgumentException("null value for non-nullable union " + union);
            }
            return nullBranch;
        }
        if (others == 1) {
            return onlyOther;
        }
        return types.get(GenericData.get().resolveUnion(union, value));
    }

    private static Map<String, ?> sortedMap(Map<?, ?> map) {
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        return sorted;
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /**
     * Each record schema's own field tags, by field position, as immutable sets (so {@link Leaf} need
     * not copy them): reading the property converts its JSON on every call, and the walk was 4% of
     * the backbone's time in tag sets alone. Keyed by schema, of which there are few: the compiled-in
     * contracts and the registry's.
     */
    private static final Map<Schema, List<Set<String>>> OWN_TAGS = new ConcurrentHashMap<>();

    private static List<Set<String>> ownTags(Schema record) {
        return OWN_TAGS.computeIfAbsent(
                record, r -> r.getFields().stream().map(LeafWalker::ownTags).toList());
    }

    private static Set<String> ownTags(Schema.Field field) {
        Object own = field.getObjectProp(Sensitivity.PROPERTY);
        if (!(own instanceof List<?> list)) {
            return Set.of();
        }
        Set<String> tags = new HashSet<>();
        list.forEach(t -> tags.add(String.valueOf(t)));
        return Set.copyOf(tags);
    }

    /**
     * Unions of an inherited tag set with a field's own, made once: tags come from schema properties,
     * so there are as few combinations as there are nested tagged fields in the schemas read.
     */
    private static final Map<Set<String>, Map<Set<String>, Set<String>>> UNIONS = new ConcurrentHashMap<>();

    private static Set<String> withTags(Set<String> inherited, Set<String> own) {
        if (own.isEmpty()) {
            return inherited;
        }
        if (inherited.isEmpty()) {
            return own;
        }
        return UNIONS.computeIfAbsent(inherited, k -> new ConcurrentHashMap<>()).computeIfAbsent(own, k -> {
            Set<String> tags = new HashSet<>(inherited);
            tags.addAll(own);
            return Set.copyOf(tags);
        });
    }
}
