package io.liaison.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The build fails when any field of any contract lacks a known sensitivity tag. */
class SensitivityTagsTest {

    @Test
    void everyFieldOfEveryContractCarriesKnownSensitivityTags() {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Schema schema : LiaisonSchemas.ALL_SCHEMAS) {
            collectProblems(schema, schema.getFullName(), problems, seen);
        }
        assertThat(problems).as("untagged or wrongly tagged fields").isEmpty();
    }

    @Test
    void everyAvscFileIsInTheCatalogue() throws IOException {
        Set<String> catalogued = new HashSet<>();
        for (Schema schema : LiaisonSchemas.ALL_SCHEMAS) {
            catalogued.add(schema.getName());
        }
        try (Stream<Path> files = Files.list(Path.of("src/main/avro/payload"))) {
            files.map(f -> f.getFileName().toString().replace(".avsc", ""))
                    .forEach(name -> assertThat(catalogued).contains(name));
        }
    }

    @Test
    void theCheckRejectsAnUntaggedField() {
        Schema bad = new Schema.Parser().parse("""
                {"type":"record","name":"Bad","fields":[
                  {"name":"ok","type":"string","sensitivity":["PUBLIC"]},
                  {"name":"missing","type":"string"},
                  {"name":"unknown","type":"string","sensitivity":["SECRET_SAUCE"]}]}""");
        List<String> problems = new ArrayList<>();
        collectProblems(bad, "Bad", problems, new HashSet<>());
        assertThat(problems)
                .containsExactly(
                        "Bad.missing: no \"sensitivity\" tags", "Bad.unknown: unknown sensitivity tag SECRET_SAUCE");
    }

    private static void collectProblems(Schema schema, String path, List<String> problems, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                for (Schema.Field field : schema.getFields()) {
                    String fieldPath = path + "." + field.name();
                    Object tags = field.getObjectProp(Sensitivity.PROPERTY);
                    if (!(tags instanceof List<?> list) || list.isEmpty()) {
                        problems.add(fieldPath + ": no \"sensitivity\" tags");
                    } else {
                        list.stream()
                                .map(String::valueOf)
                                .filter(t -> Sensitivity.parse(t).isEmpty())
                                .forEach(t -> problems.add(fieldPath + ": unknown sensitivity tag " + t));
                    }
                    collectProblems(field.schema(), fieldPath, problems, seen);
                }
            }
            case ARRAY -> collectProblems(schema.getElementType(), path, problems, seen);
            case MAP -> collectProblems(schema.getValueType(), path, problems, seen);
            case UNION -> schema.getTypes().forEach(t -> collectProblems(t, path, problems, seen));
            default -> {}
        }
    }
}
