package io.liaison.kernel.fields;

import java.util.Set;
import org.apache.avro.Schema;

/**
 * One leaf value of a payload: a primitive, enum, bytes or null, at a path such as
 * {@code involvedPersons[0].dateOfBirth}. Array and map sizes are leaves too
 * ({@code involvedPersons[#]}), so adding or removing an element changes a committed value.
 *
 * @param path  the field path, see {@link LeafWalker} for the grammar
 * @param schema the leaf's schema with any union resolved to the branch in use
 * @param value the raw Avro value (may be null)
 * @param tags  effective sensitivity tags: the union of the tags on the field and every enclosing field
 * @param nullable whether the field's schema admits null (so redaction may withhold it as null)
 */
public record Leaf(String path, Schema schema, Object value, Set<String> tags, boolean nullable) {
    public Leaf {
        tags = Set.copyOf(tags);
    }

    /** True for the synthetic leaf that counts an array's or map's entries. */
    public boolean isSize() {
        return path.endsWith("[#]") || path.endsWith("{#}");
    }
}
