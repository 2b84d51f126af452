package io.liaison.policy.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts plain JSON (as people write it, not Avro's JSON encoding) into a raw generic record of a
 * given schema: the form the redactor takes. Unions of null and one type take the value or null
 * directly; dates are {@code "YYYY-MM-DD"} or epoch days; timestamps are ISO-8601 instants or epoch
 * milliseconds; enums are symbol names; bytes are base64. Missing fields take their schema default.
 * Every mismatch is reported with its field path, all at once.
 */
public final class JsonToAvro {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonToAvro() {}

    public static GenericRecord convert(String json, Schema schema) throws JsonToAvroException {
        try {
            return convert(JSON.readTree(json), schema);
        } catch (JsonProcessingException e) {
            throw new JsonToAvroException(List.of("(document): not valid JSON: " + e.getOriginalMessage()));
        }
    }

    public static GenericRecord convert(JsonNode json, Schema schema) throws JsonToAvroException {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("expected a record schema, got " + schema.getType());
        }
        List<String> errors = new ArrayList<>();
        Object value = value(json, schema, "", errors);
        if (!errors.isEmpty()) {
            throw new JsonToAvroException(errors);
        }
        return (GenericRecord) value;
    }

    private static Object value(JsonNode json, Schema schema, String path, List<String> errors) {
        String where = path.isEmpty() ? "(document)" : path;
        switch (schema.getType()) {
            case RECORD -> {
                if (!json.isObject()) {
                    return error(errors, where, "expected an object for " + schema.getName() + ", got " + kind(json));
                }
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    String childPath = path.isEmpty() ? field.name() : path + "." + field.name();
                    JsonNode child = json.get(field.name());
                    if (child == null) {
                        if (field.hasDefaultValue()) {
                            record.put(field.pos(), GenericData.get().deepCopy(field.schema(), GenericData.get().getDefaultValue(field)));
                        } else {
                            error(errors, childPath, "missing required field");
                        }
                    } else {
                        record.put(field.pos(), value(child, field.schema(), childPath, errors));
                    }
                }
                for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (schema.getField(name) == null) {
                        error(errors, path.isEmpty() ? name : path + "." + name, "unknown field; " + schema.getName()
                                + " has " + schema.getFields().stream().map(Schema.Field::name).toList());
                    }
                }
                return record;
            }
            case UNION -> {
                if (json.isNull()) {
                    if (schema.getTypes().stream().noneMatch(t -> t.getType() == Schema.Type.NULL)) {
                        return error(errors, where, "may not be null");
                    }
                    return null;
                }
                List<Schema> nonNull = schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
                if (nonNull.size() != 1) {
                    return error(errors, where, "unions of several non-null types are not supported");
                }
                return value(json, nonNull.get(0), path, errors);
            }
            case ARRAY -> {
                if (!json.isArray()) {
                    return error(errors, where, "expected an array, got " + kind(json));
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < json.size(); i++) {
                    items.add(value(json.get(i), schema.getElementType(), path + "[" + i + "]", errors));
                }
                return new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                if (!json.isObject()) {
                    return error(errors, where, "expected an object (map), got " + kind(json));
                }
                Map<String, Object> map = new LinkedHashMap<>();
                json.fields().forEachRemaining(en -> map.put(en.getKey(),
                        value(en.getValue(), schema.getValueType(), path + "{" + en.getKey() + "}", errors)));
                return map;
            }
            case ENUM -> {
                if (!json.isTextual() || !schema.hasEnumSymbol(json.asText())) {
                    return error(errors, where, "expected one of " + schema.getEnumSymbols() + ", got " + json);
                }
                return new GenericData.EnumSymbol(schema, json.asText());
            }
            case STRING -> {
                return json.isTextual() ? json.asText() : error(errors, where, "expected a string, got " + kind(json));
            }
            case BOOLEAN -> {
                return json.isBoolean() ? json.asBoolean() : error(errors, where, "expected true or false, got " + kind(json));
            }
            case INT -> {
                if (isLogical(schema, "date")) {
                    return date(json, where, errors);
                }
                return json.canConvertToInt() && json.isIntegralNumber() ? json.asInt()
                        : error(errors, where, "expected a whole number (int), got " + json);
            }
            case LONG -> {
                if (isLogical(schema, "timestamp-millis")) {
                    return timestamp(json, where, errors);
                }
                return json.canConvertToLong() && json.isIntegralNumber() ? json.asLong()
                        : error(errors, where, "expected a whole number (long), got " + json);
            }
            case FLOAT -> {
                return json.isNumber() ? (float) json.asDouble() : error(errors, where, "expected a number, got " + kind(json));
            }
            case DOUBLE -> {
                return json.isNumber() ? json.asDouble() : error(errors, where, "expected a number, got " + kind(json));
            }
            case BYTES -> {
                try {
                    return json.isTextual() ? ByteBuffer.wrap(Base64.getDecoder().decode(json.asText()))
                            : error(errors, where, "expected base64 text, got " + kind(json));
                } catch (IllegalArgumentException e) {
                    return error(errors, where, "not valid base64: " + e.getMessage());
                }
            }
            case NULL -> {
                return json.isNull() ? null : error(errors, where, "expected null, got " + kind(json));
            }
            default -> {
                return error(errors, where, "unsupported schema type " + schema.getType());
            }
        }
    }

    private static Object date(JsonNode json, String where, List<String> errors) {
        if (json.isIntegralNumber() && json.canConvertToInt()) {
            return json.asInt();
        }
        if (json.isTextual()) {
            try {
                return (int) LocalDate.parse(json.asText()).toEpochDay();
            } catch (DateTimeParseException e) {
                return error(errors, where, "expected a date YYYY-MM-DD, got \"" + json.asText() + "\"");
            }
        }
        return error(errors, where, "expected a date YYYY-MM-DD or epoch days, got " + kind(json));
    }

    private static Object timestamp(JsonNode json, String where, List<String> errors) {
        if (json.isIntegralNumber() && json.canConvertToLong()) {
            return json.asLong();
        }
        if (json.isTextual()) {
            try {
                return Instant.parse(json.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                return error(errors, where, "expected an ISO-8601 instant such as 2024-06-01T21:47:00Z, got \"" + json.asText() + "\"");
            }
        }
        return error(errors, where, "expected an ISO-8601 instant or epoch milliseconds, got " + kind(json));
    }

    private static boolean isLogical(Schema schema, String name) {
        LogicalType lt = schema.getLogicalType();
        return lt != null && lt.getName().equals(name);
    }

    private static String kind(JsonNode json) {
        return json.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static Object error(List<String> errors, String path, String message) {
        errors.add(path + ": " + message);
        return null;
    }
}
