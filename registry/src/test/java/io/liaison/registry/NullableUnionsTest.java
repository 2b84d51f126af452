package io.liaison.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class NullableUnionsTest {
    private static final Schema POINT =
            SchemaBuilder.record("Point").fields().requiredLong("x").endRecord();

    private static Schema nullable(Schema type, boolean nullFirst) {
        Schema nul = Schema.create(Schema.Type.NULL);
        return Schema.createUnion(nullFirst ? List.of(nul, type) : List.of(type, nul));
    }

    @Test
    void picksTheBranchAvroPicksForEveryTypeAndOrder() {
        List<Object[]> cases = List.of(
                new Object[] {Schema.create(Schema.Type.STRING), "text"},
                new Object[] {Schema.create(Schema.Type.STRING), new Utf8("text")},
                new Object[] {Schema.create(Schema.Type.LONG), 7L},
                new Object[] {Schema.create(Schema.Type.INT), 7},
                new Object[] {Schema.create(Schema.Type.BOOLEAN), true},
                new Object[] {Schema.create(Schema.Type.DOUBLE), 1.5d},
                new Object[] {Schema.create(Schema.Type.FLOAT), 1.5f},
                new Object[] {Schema.create(Schema.Type.BYTES), ByteBuffer.wrap(new byte[] {1})},
                new Object[] {POINT, new GenericData.Record(POINT)});
        for (Object[] c : cases) {
            for (boolean nullFirst : new boolean[] {true, false}) {
                Schema union = nullable((Schema) c[0], nullFirst);
                assertThat(NullableUnions.branch(union, c[1]))
                        .as("%s with %s", union, c[1])
                        .isEqualTo(GenericData.get().resolveUnion(union, c[1]));
                assertThat(NullableUnions.branch(union, null))
                        .isEqualTo(GenericData.get().resolveUnion(union, null));
            }
        }
    }

    @Test
    void leavesEverythingElseToAvro() {
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        assertThat(NullableUnions.branch(nullable(timestamp, true), Instant.EPOCH))
                .as("a logical type, whose conversion Avro looks up")
                .isEqualTo(-1);
        assertThat(NullableUnions.branch(nullable(Schema.create(Schema.Type.LONG), true), 7))
                .as("a datum of another type, which Avro refuses")
                .isEqualTo(-1);
        Schema three = Schema.createUnion(
                Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING), Schema.create(Schema.Type.LONG));
        assertThat(NullableUnions.branch(three, "text"))
                .as("more than two branches")
                .isEqualTo(-1);
        Schema noNull = Schema.createUnion(Schema.create(Schema.Type.STRING), Schema.create(Schema.Type.LONG));
        assertThat(NullableUnions.branch(noNull, "text")).as("no null branch").isEqualTo(-1);
        Schema other = SchemaBuilder.record("Other").fields().requiredLong("x").endRecord();
        assertThat(NullableUnions.branch(nullable(POINT, true), new GenericData.Record(other)))
                .as("a record of another schema")
                .isEqualTo(-1);
    }
}
