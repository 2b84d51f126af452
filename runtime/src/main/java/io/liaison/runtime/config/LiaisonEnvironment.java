package io.liaison.runtime.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every environment variable Liaison reads, in one place: the commands read them through this
 * enum, {@code docs/operations.md} documents them, and the compose consistency test checks that
 * the deployment sets no variable outside it. Besides these, {@value #KAFKA_PASS_THROUGH}{@code <NAME>}
 * variables pass Kafka client properties through (dots as underscores), as {@code backbone run} reads them.
 */
public enum LiaisonEnvironment {
    HOME("LIAISON_HOME", null, "State directory of the embedded default (kafka/, registry/, pki/, streams/, secrets/, connection.properties)."),
    BOOTSTRAP_SERVERS("LIAISON_BOOTSTRAP_SERVERS", ConnectionSettings.BOOTSTRAP, "Kafka bootstrap servers."),
    REGISTRY_URL("LIAISON_REGISTRY_URL", ConnectionSettings.REGISTRY, "Confluent-API schema registry base URL (Apicurio: .../apis/ccompat/v7)."),
    REGISTRY_USER("LIAISON_REGISTRY_USER", RegistryAccess.USER, "User for HTTP basic authentication to an https registry (default: none)."),
    REGISTRY_PASSWORD_FILE("LIAISON_REGISTRY_PASSWORD_FILE", null, "File holding the registry user's password (first line), e.g. a mounted secret."),
    PKI_DIR("LIAISON_PKI_DIR", ConnectionSettings.PKI, "The backbone PKI directory (CA, certificates, keys, revocations)."),
    POLICY("LIAISON_POLICY", ConnectionSettings.POLICY, "The policy (MOU) file in force."),
    KAFKA_SECURITY_PROTOCOL("LIAISON_KAFKA_SECURITY_PROTOCOL", KafkaLogin.PROTOCOL,
            "Kafka's security.protocol: optional, and if set SASL_SSL (SCRAM-SHA-512 over TLS), the only one Liaison uses."),
    TLS_TRUSTSTORE("LIAISON_TLS_TRUSTSTORE", KafkaLogin.TRUSTSTORE,
            "PKCS#12 trust store with the backbone CA, for Kafka and an https registry; password in <file>.password (default: <pki dir>/tls/truststore.p12)."),
    SCRAM_USER("LIAISON_SCRAM_USER", KafkaLogin.USER, "The Kafka user this process logs in as (default: the command's own principal)."),
    SCRAM_PASSWORD_FILE("LIAISON_SCRAM_PASSWORD_FILE", null, "File holding this process's Kafka password (first line), e.g. a mounted secret."),
    SECRETS_DIR("LIAISON_SECRETS_DIR", KafkaLogin.SECRETS_DIR,
            "Directory of <user>.password files (default: $LIAISON_HOME/secrets); `admin users` creates missing ones."),
    STREAMS_APPLICATION_ID("LIAISON_STREAMS_APPLICATION_ID", "streams.application.id",
            "Kafka Streams application id of `backbone run`; instances with the same id share the partitions (default liaison-backbone)."),
    STREAMS_THREADS("LIAISON_STREAMS_THREADS", "streams.threads", "Stream threads in one backbone instance (default 1)."),
    STREAMS_STATE_DIR("LIAISON_STREAMS_STATE_DIR", "streams.state.dir", "Local state directory of a backbone instance (default $LIAISON_HOME/streams)."),
    STREAMS_REPLICATION_FACTOR("LIAISON_STREAMS_REPLICATION_FACTOR", "streams.replication.factor",
            "Replication of the backbone's internal topics; -1 takes the broker's default (the default)."),
    REPLAY_WINDOW("LIAISON_REPLAY_WINDOW", "replay.window", "A message id seen again within this ISO-8601 duration is a replay (default P7D)."),
    CLOCK_SKEW("LIAISON_CLOCK_SKEW", "clock.skew", "Largest accepted difference between created-at and the backbone's clock (default PT5M)."),
    CHECKPOINT_INTERVAL("LIAISON_CHECKPOINT_INTERVAL", "checkpoint.interval",
            "How often `backbone run` also publishes signed audit checkpoints, or 'off' (the default: run `checkpoint run` once per cluster)."),
    COMPONENT("LIAISON_COMPONENT", "component", "This backbone instance's name in audit records (default liaison-streams@<host>)."),
    APP_LOG_LEVEL("LIAISON_APP_LOG_LEVEL", null, "Log level of Liaison's own components (default WARN; INFO says what the backbone does)."),
    BROKER_LOG_LEVEL("LIAISON_BROKER_LOG_LEVEL", null, "Log level of the embedded broker and Kafka clients (default ERROR)."),
    DEBUG("LIAISON_DEBUG", null, "Set to print stack traces of internal errors.");

    /** Prefix of variables that set a Kafka client property directly, e.g. LIAISON_KAFKA_SSL_TRUSTSTORE_LOCATION. */
    public static final String KAFKA_PASS_THROUGH = "LIAISON_KAFKA_";

    private final String variable;
    private final String propertyKey;
    private final String doc;

    LiaisonEnvironment(String variable, String propertyKey, String doc) {
        this.variable = variable;
        this.propertyKey = propertyKey;
        this.doc = doc;
    }

    /** The variable's name, e.g. {@code LIAISON_BOOTSTRAP_SERVERS}. */
    public String variable() {
        return variable;
    }

    /** The matching key in {@code connection.properties}, if the setting can be stored there. */
    public Optional<String> propertyKey() {
        return Optional.ofNullable(propertyKey);
    }

    public String doc() {
        return doc;
    }

    /** The variable's value in this process's environment, if set and not blank. */
    public Optional<String> value() {
        return Optional.ofNullable(System.getenv(variable)).filter(v -> !v.isBlank());
    }

    /** The variable stored under {@code propertyKey} in {@code connection.properties}. */
    public static LiaisonEnvironment forProperty(String propertyKey) {
        return Arrays.stream(values()).filter(v -> propertyKey.equals(v.propertyKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no environment variable for setting " + propertyKey));
    }

    public static Optional<LiaisonEnvironment> forVariable(String variable) {
        return Arrays.stream(values()).filter(v -> v.variable.equals(variable)).findFirst();
    }
}
