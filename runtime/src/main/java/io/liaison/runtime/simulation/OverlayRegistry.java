package io.liaison.runtime.simulation;

import io.liaison.registry.Compatibility;
import io.liaison.registry.InMemorySchemaRegistryClient;
import io.liaison.registry.RegisteredSchema;
import io.liaison.registry.RegistryException;
import io.liaison.registry.SchemaRegistryClient;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The real registry for reading, and a private in-memory one for whatever a simulated decision
 * would register (a subject the live backbone never wrote to): a simulation writes nothing
 * anywhere. Private ids start far above any the real registry hands out, so the two never meet.
 */
final class OverlayRegistry implements SchemaRegistryClient {
    private static final int PRIVATE_ID_BASE = 1 << 30;

    private final SchemaRegistryClient real;
    private final InMemorySchemaRegistryClient own = new InMemorySchemaRegistryClient();

    OverlayRegistry(SchemaRegistryClient real) {
        this.real = real;
    }

    @Override
    public int register(String subject, Schema schema) {
        try {
            return real.lookup(subject, schema).id();
        } catch (RegistryException.NotFound e) {
            return PRIVATE_ID_BASE + own.register(subject, schema);
        }
    }

    @Override
    public Schema getById(int id) {
        return id >= PRIVATE_ID_BASE ? own.getById(id - PRIVATE_ID_BASE) : real.getById(id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return real.latest(subject);
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return real.lookup(subject, schema);
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        return real.testCompatibility(subject, schema);
    }

    @Override
    public List<String> subjects() {
        return real.subjects();
    }

    @Override
    public Compatibility globalCompatibility() {
        return real.globalCompatibility();
    }

    @Override
    public Compatibility subjectCompatibility(String subject) {
        return real.subjectCompatibility(subject);
    }

    @Override
    public void setGlobalCompatibility(Compatibility compatibility) {
        throw new UnsupportedOperationException("a policy simulation changes nothing in the registry");
    }

    @Override
    public void setSubjectCompatibility(String subject, Compatibility compatibility) {
        throw new UnsupportedOperationException("a policy simulation changes nothing in the registry");
    }
}
