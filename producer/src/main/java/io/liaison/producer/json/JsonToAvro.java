package io.liaison.producer.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.producer.json.FieldError.Kind;
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
 * given schema: the form the gateway encodes and the redactor takes.
 *
 * <ul>
 *   <li>A union takes its value directly (no {@code {"string": ...}} wrapper): null if the union
 *       allows null, else the first branch the value fits.</li>
 *   <li>{@code timestamp-millis}: an ISO-8601 instant ({@code 2024-06-01T21:47:00Z}) or epoch
 *       milliseconds; {@code date}: {@code YYYY-MM-DD} or epoch days.</li>
 *   <li>Enums are symbol names; bytes and fixed are base64; maps are objects.</li>
 *   <li>A missing field takes its schema default; without one it is an error.</li>
 * </ul>
 *
 * Every mismatch is reported at once, each as a {@link FieldError} naming the field path, the class
 * of mistake and why. Duplicate keys and trailing content are refused: a document must mean one thing.
 */
public final class JsonToAvro {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonToAvro() {}

    public static GenericRecord convert(String json, Schema schema) throws JsonToAvroException {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new JsonToAvroException(List.of(new FieldError(
                    FieldError.DOCUMENT, Kind.INVALID_JSON, "not valid JSON: " + e.getOriginalMessage())));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new JsonToAvroException(
                    List.of(new FieldError(FieldError.DOCUMENT, Kind.INVALID_JSON, "the document is empty")));
        }
        return convert(tree, schema);
    }

    public static GenericRecord convert(JsonNode json, Schema schema) throws JsonToAvroException {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("expected a record schema, got " + schema.getType());
        }
        List<FieldError> errors = new ArrayList<>();
        Object value = value(json, schema, "", errors);
        if (!errors.isEmpty()) {
            throw new JsonToAvroException(errors);
        }
        return (GenericRecord) value;
    }

    private static Object value(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        String where = path.isEmpty() ? FieldError.DOCUMENT : path;
        if (json.isNull() && schema.getType() != Schema.Type.NULL && schema.getType() != Schema.Type.UNION) {
            return error(errors, where, Kind.WRONG_TYPE, "must not be null; expected " + expected(schema));
        }
        return switch (schema.getType()) {
            case RECORD -> record(json, schema, path, errors);
            case UNION -> union(json, schema, path, errors);
            case ARRAY -> array(json, schema, path, errors);
            case MAP -> map(json, schema, path, errors);
            case ENUM -> enumSymbol(json, schema, where, errors);
            case STRING -> json.isTextual() ? json.asText() : wrongType(errors, where, schema, json);
            case BOOLEAN -> json.isBoolean() ? json.asBoolean() : wrongType(errors, where, schema, json);
            case INT -> isLogical(schema, "date") ? date(json, where, errors) : whole(json, schema, where, errors);
            case LONG ->
                isLogical(schema, "timestamp-millis")
                        ? timestamp(json, where, errors)
                        : whole(json, schema, where, errors);
            case FLOAT -> json.isNumber() ? (Object) (float) json.asDouble() : wrongType(errors, where, schema, json);
            case DOUBLE -> json.isNumber() ? (Object) json.asDouble() : wrongType(errors, where, schema, json);
            case BYTES -> base64(json, schema, where, errors);
            case FIXED -> fixed(json, schema, where, errors);
            case NULL -> json.isNull() ? null : wrongType(errors, where, schema, json);
        };
    }

    private static Object record(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        String where = path.isEmpty() ? FieldError.DOCUMENT : path;
        if (!json.isObject()) {
            return wrongType(errors, where, schema, json);
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            String childPath = child(path, field.name());
            JsonNode child = json.get(field.name());
            if (child != null) {
                record.put(field.pos(), value(child, field.schema(), childPath, errors));
            } else if (field.hasDefaultValue()) {
                record.put(
                        field.pos(),
                        GenericData.get()
                                .deepCopy(field.schema(), GenericData.get().getDefaultValue(field)));
            } else {
                error(
                        errors,
                        childPath,
                        Kind.MISSING_REQUIRED,
                        "missing required field (" + expected(field.schema()) + ")");
            }
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                error(
                        errors,
                        child(path, name),
                        Kind.UNKNOWN_FIELD,
                        "unknown field; " + schema.getName() + " has "
                                + schema.getFields().stream()
                                        .map(Schema.Field::name)
                                        .toList());
            }
        }
        return record;
    }

    /** Null if allowed, else the first non-null branch the value fits without errors. */
    private static Object union(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        String where = path.isEmpty() ? FieldError.DOCUMENT : path;
        List<Schema> branches = schema.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .toList();
        if (json.isNull()) {
            return branches.size() < schema.getTypes().size()
                    ? null
                    : error(errors, where, Kind.WRONG_TYPE, "must not be null; expected " + expected(schema));
        }
        if (branches.size() == 1) {
            return value(json, branches.get(0), path, errors); // its own errors say more than "no branch fits"
        }
        for (Schema branch : branches) {
            List<FieldError> attempt = new ArrayList<>();
            Object converted = value(json, branch, path, attempt);
            if (attempt.isEmpty()) {
                return converted;
            }
        }
        return wrongType(errors, where, schema, json);
    }

    private static Object array(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        if (!json.isArray()) {
            return wrongType(errors, path.isEmpty() ? FieldError.DOCUMENT : path, schema, json);
        }
        List<Object> items = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            items.add(value(json.get(i), schema.getElementType(), path + "[" + i + "]", errors));
        }
        return new GenericData.Array<>(schema, items);
    }

    private static Object map(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        if (!json.isObject()) {
            return wrongType(errors, path.isEmpty() ? FieldError.DOCUMENT : path, schema, json);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        json.fields()
                .forEachRemaining(entry -> map.put(
                        entry.getKey(),
                        value(entry.getValue(), schema.getValueType(), path + "{" + entry.getKey() + "}", errors)));
        return map;
    }

    private static Object enumSymbol(JsonNode json, Schema schema, String where, List<FieldError> errors) {
        if (!json.isTextual()) {
            return wrongType(errors, where, schema, json);
        }
        if (!schema.hasEnumSymbol(json.asText())) {
            return error(
                    errors, where, Kind.NOT_IN_ENUM, "expected one of " + schema.getEnumSymbols() + ", got " + json);
        }
        return new GenericData.EnumSymbol(schema, json.asText());
    }

    private static Object whole(JsonNode json, Schema schema, String where, List<FieldError> errors) {
        if (!json.isIntegralNumber()) {
            return wrongType(errors, where, schema, json);
        }
        if (schema.getType() == Schema.Type.INT) {
            return json.canConvertToInt()
                    ? (Object) json.asInt()
                    : error(errors, where, Kind.INVALID_VALUE, json + " is outside the int range");
        }
        return json.canConvertToLong()
                ? (Object) json.asLong()
                : error(errors, where, Kind.INVALID_VALUE, json + " is outside the long range");
    }

    private static Object date(JsonNode json, String where, List<FieldError> errors) {
        if (json.isIntegralNumber()) {
            return json.canConvertToInt()
                    ? (Object) json.asInt()
                    : error(errors, where, Kind.INVALID_VALUE, json + " epoch days is outside the int range");
        }
        if (!json.isTextual()) {
            return error(errors, where, Kind.WRONG_TYPE, "expected a date YYYY-MM-DD or epoch days, got " + kind(json));
        }
        try {
            return (int) LocalDate.parse(json.asText()).toEpochDay();
        } catch (DateTimeParseException e) {
            return error(
                    errors, where, Kind.INVALID_VALUE, "expected a date YYYY-MM-DD, got \"" + json.asText() + "\"");
        }
    }

    private static Object timestamp(JsonNode json, String where, List<FieldError> errors) {
        if (json.isIntegralNumber()) {
            return json.canConvertToLong()
                    ? (Object) json.asLong()
                    : error(errors, where, Kind.INVALID_VALUE, json + " epoch milliseconds is outside the long range");
        }
        if (!json.isTextual()) {
            return error(
                    errors,
                    where,
                    Kind.WRONG_TYPE,
                    "expected an ISO-8601 instant or epoch milliseconds, got " + kind(json));
        }
        try {
            return Instant.parse(json.asText()).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return error(
                    errors,
                    where,
                    Kind.INVALID_VALUE,
                    "expected an ISO-8601 instant such as 2024-06-01T21:47:00Z, got \"" + json.asText() + "\"");
        }
    }

    private static Object base64(JsonNode json, Schema schema, String where, List<FieldError> errors) {
        if (!json.isTextual()) {
            return wrongType(errors, where, schema, json);
        }
        try {
            return ByteBuffer.wrap(Base64.getDecoder().decode(json.asText()));
        } catch (IllegalArgumentException e) {
            return error(errors, where, Kind.INVALID_VALUE, "not valid base64: " + e.getMessage());
        }
    }

    private static Object fixed(JsonNode json, Schema schema, String where, List<FieldError> errors) {
        Object bytes = base64(json, schema, where, errors);
        if (!(bytes instanceof ByteBuffer buffer)) {
            return null;
        }
        if (buffer.remaining() != schema.getFixedSize()) {
            return error(
                    errors,
                    where,
                    Kind.INVALID_VALUE,
                    "expected exactly " + schema.getFixedSize() + " bytes, got " + buffer.remaining());
        }
        return new GenericData.Fixed(schema, buffer.array());
    }

    /** What a value of {@code schema} looks like in JSON, for error messages. */
    private static String expected(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null && logical.getName().equals("timestamp-millis")) {
            return "an ISO-8601 instant or epoch milliseconds";
        }
        if (logical != null && logical.getName().equals("date")) {
            return "a date YYYY-MM-DD";
        }
        return switch (schema.getType()) {
            case RECORD -> "an object (" + schema.getName() + ")";
            case UNION ->
                String.join(
                        " or ",
                        schema.getTypes().stream().map(JsonToAvro::expected).toList());
            case ARRAY -> "an array";
            case MAP -> "an object (map)";
            case ENUM -> "one of " + schema.getEnumSymbols();
            case STRING -> "a string";
            case BOOLEAN -> "true or false";
            case INT -> "a whole number (int)";
            case LONG -> "a whole number (long)";
            case FLOAT, DOUBLE -> "a number";
            case BYTES -> "base64 text";
            case FIXED -> "base64 text of " + schema.getFixedSize() + " bytes";
            case NULL -> "null";
        };
    }

    private static Object wrongType(List<FieldError> errors, String where, Schema schema, JsonNode json) {
        return error(errors, where, Kind.WRONG_TYPE, "expected " + expected(schema) + ", got " + kind(json));
    }

    private static boolean isLogical(Schema schema, String name) {
        LogicalType logical = schema.getLogicalType();
        return logical != null && logical.getName().equals(name);
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The JSON type of a value, with the value itself for numbers (so "3.5" shows why an int was refused). */
    private static String kind(JsonNode json) {
        String type = json.getNodeType().name().toLowerCase(Locale.ROOT);
        return json.isNumber() ? type + " " + json : type;
    }

    private static Object error(List<FieldError> errors, String path, Kind kind, String problem) {
        errors.add(new FieldError(path, kind, problem));
        return null;
    }
}
