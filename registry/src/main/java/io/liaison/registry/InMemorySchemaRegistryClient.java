package io.liaison.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-process registry behind the same interface, for plain unit tests and
 * {@code TopologyTestDriver} tests. It follows Confluent's rules: one global id per distinct
 * schema, versions numbered from 1 per subject, re-registering returns the existing id, BACKWARD
 * by default, the same typed errors. Integration tests use a real registry (Apicurio, or
 * Confluent's own image), never this.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> versionsBySubject = new HashMap<>();
    private final Map<String, Compatibility> compatibilityBySubject = new HashMap<>();
    private Compatibility globalCompatibility = Compatibility.BACKWARD;

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsBySubject.getOrDefault(subject, List.of());
        for (RegisteredSchema version : versions) {
            if (version.schema().equals(schema)) {
                return version.id();
            }
        }
        String violation = compatibilityViolation(subject, schema);
        if (violation != null) {
            throw new RegistryException.Incompatible("Schema being registered is incompatible with an earlier"
                    + " schema for subject \"" + subject + "\": " + violation);
        }
        int id = idsBySchema.computeIfAbsent(schema, s -> idsBySchema.size() + 1);
        schemasById.put(id, schema);
        versionsBySubject
                .computeIfAbsent(subject, s -> new ArrayList<>())
                .add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new RegistryException.SchemaNotFound("Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = existingVersions(subject);
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        return existingVersions(subject).stream()
                .filter(version -> version.schema().equals(schema))
                .findFirst()
                .orElseThrow(() -> new RegistryException.SchemaNotFound(
                        "The given schema does not match any schema under the subject " + subject));
    }

    @Override
    public synchronized boolean testCompatibility(String subject, Schema schema) {
        return compatibilityViolation(subject, schema) == null;
    }

    @Override
    public synchronized List<String> subjects() {
        return versionsBySubject.keySet().stream().sorted().toList();
    }

    @Override
    public synchronized Compatibility globalCompatibility() {
        return globalCompatibility;
    }

    @Override
    public synchronized Compatibility subjectCompatibility(String subject) {
        return compatibilityBySubject.getOrDefault(subject, globalCompatibility);
    }

    @Override
    public synchronized void setGlobalCompatibility(Compatibility compatibility) {
        globalCompatibility = Objects.requireNonNull(compatibility, "compatibility");
    }

    @Override
    public synchronized void setSubjectCompatibility(String subject, Compatibility compatibility) {
        compatibilityBySubject.put(subject, Objects.requireNonNull(compatibility, "compatibility"));
    }

    private List<RegisteredSchema> existingVersions(String subject) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new RegistryException.SubjectNotFound("Subject '" + subject + "' not found.");
        }
        return versions;
    }

    /** Why {@code candidate} breaks the subject's rule, or null if it does not. */
    private String compatibilityViolation(String subject, Schema candidate) {
        List<RegisteredSchema> versions = versionsBySubject.getOrDefault(subject, List.of());
        Compatibility rule = subjectCompatibility(subject);
        if (versions.isEmpty() || rule == Compatibility.NONE) {
            return null;
        }
        List<RegisteredSchema> checked =
                rule.transitive() ? versions : versions.subList(versions.size() - 1, versions.size());
        for (RegisteredSchema earlier : checked) {
            if (rule.checksBackward()) {
                String problem = incompatibility(candidate, earlier.schema());
                if (problem != null) {
                    return "cannot read data written with version " + earlier.version() + ": " + problem;
                }
            }
            if (rule.checksForward()) {
                String problem = incompatibility(earlier.schema(), candidate);
                if (problem != null) {
                    return "version " + earlier.version() + " cannot read data written with it: " + problem;
                }
            }
        }
        return null;
    }

    private static String incompatibility(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return null;
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .reduce((a, b) -> a + "; " + b)
                .orElse(result.getDescription());
    }
}
