package io.liaison.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API that Liaison uses, kept small so the same
 * client works against Confluent's server in production and Apicurio's {@code /apis/ccompat/v7}
 * in the embedded default and the integration tests.
 *
 * <p>Every failure is a {@link RegistryException}: callers catch the subtype they can act on
 * ({@link RegistryException.NotFound}, {@link RegistryException.Incompatible},
 * {@link RegistryException.Unreachable}, ...). Implementations are thread-safe.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject}, or returns the id it already has there.
     *
     * @throws RegistryException.Incompatible if the subject's compatibility rule rejects it (409)
     * @throws RegistryException.InvalidSchema if the registry cannot parse it (42201)
     */
    int register(String subject, Schema schema);

    /**
     * The schema with this global id.
     *
     * @throws RegistryException.SchemaNotFound if no schema has that id (40403)
     */
    Schema getById(int id);

    /**
     * The newest version registered under {@code subject}.
     *
     * @throws RegistryException.SubjectNotFound if nothing is registered under it (40401)
     */
    RegisteredSchema latest(String subject);

    /**
     * Finds {@code schema} among the versions of {@code subject} without registering it.
     *
     * @throws RegistryException.SubjectNotFound if the subject does not exist (40401)
     * @throws RegistryException.SchemaNotFound if the subject exists but not with this schema (40403)
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * Whether {@code schema} could be registered under {@code subject} by its compatibility rule.
     * A subject with no versions yet accepts any schema.
     */
    boolean testCompatibility(String subject, Schema schema);

    /** Every subject with at least one registered version. */
    List<String> subjects();

    /** The registry-wide compatibility rule. */
    Compatibility globalCompatibility();

    /** The compatibility rule that applies to {@code subject} (its own, else the global one). */
    Compatibility subjectCompatibility(String subject);

    void setGlobalCompatibility(Compatibility compatibility);

    void setSubjectCompatibility(String subject, Compatibility compatibility);
}
