package io.liaison.registry;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Datum writers that pick the branch of a {@code [null, X]} union without Avro's general lookup
 * (a conversion map by class, a type-name map by class, then a branch map by name), which was 6% of
 * the backbone's time: nearly every optional field of an envelope and audit record is such a union.
 * The branch is the one Avro would pick; anything else (a logical type, more branches, a datum of
 * another type) goes to Avro's own resolution, which also reports the mismatch.
 */
final class NullableUnions {
    private NullableUnions() {}

    static <T> GenericDatumWriter<T> genericWriter(Schema schema) {
        return new GenericDatumWriter<>(schema, GenericData.get()) {
            @Override
            protected int resolveUnion(Schema union, Object datum) {
                int branch = branch(union, datum);
                return branch >= 0 ? branch : super.resolveUnion(union, datum);
            }
        };
    }

    static <T> SpecificDatumWriter<T> specificWriter(Schema schema, SpecificData model) {
        return new SpecificDatumWriter<>(schema, model) {
            @Override
            protected int resolveUnion(Schema union, Object datum) {
                int branch = branch(union, datum);
                return branch >= 0 ? branch : super.resolveUnion(union, datum);
            }
        };
    }

    /** The branch of a two-branch union with a null branch that {@code datum} takes, or -1 to let Avro decide. */
    static int branch(Schema union, Object datum) {
        List<Schema> types = union.getTypes();
        if (types.size() != 2) {
            return -1;
        }
        int nullBranch =
                types.get(0).getType() == Schema.Type.NULL ? 0 : types.get(1).getType() == Schema.Type.NULL ? 1 : -1;
        if (nullBranch < 0) {
            return -1;
        }
        if (datum == null) {
            return nullBranch;
        }
        Schema other = types.get(1 - nullBranch);
        return other.getLogicalType() == null && matches(other, datum) ? 1 - nullBranch : -1;
    }

    private static boolean matches(Schema type, Object datum) {
        return switch (type.getType()) {
            case STRING -> datum instanceof CharSequence;
            case LONG -> datum instanceof Long;
            case INT -> datum instanceof Integer;
            case BOOLEAN -> datum instanceof Boolean;
            case DOUBLE -> datum instanceof Double;
            case FLOAT -> datum instanceof Float;
            case BYTES -> datum instanceof ByteBuffer;
            case RECORD -> datum instanceof GenericContainer c && c.getSchema() == type;
            default -> false;
        };
    }
}
