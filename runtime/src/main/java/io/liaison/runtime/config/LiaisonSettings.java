package io.liaison.runtime.config;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.topics.AclPlan;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.pki.TlsPolicy;
import io.liaison.policy.redaction.Redactor;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.StreamsAppConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting a Liaison process reads, declared once: key, environment variable, type, default,
 * validator and meaning. Commands resolve them through {@link SettingSources}; {@code
 * docs/configuration.md} is {@link #markdown()} (a test fails when it is stale); the compose
 * consistency test checks that the deployment sets no other {@code LIAISON_*} variable. Defaults
 * that the {@code cluster} and {@code streams} modules need too are their constants, referenced here.
 */
public final class LiaisonSettings {
    /** Variables {@code LIAISON_KAFKA_<NAME>} set Kafka's client property {@code <name>} (dots as underscores) in {@code backbone run}. */
    public static final String KAFKA_ENV_PREFIX = "LIAISON_KAFKA_";
    /** Keys {@code kafka.<name>} in the {@code --config} file do the same. */
    public static final String KAFKA_KEY_PREFIX = "kafka.";

    public static final Setting<Path> HOME = Setting.environmentOnly(
                    "LIAISON_HOME",
                    SettingType.PATH,
                    "State directory: `kafka/`, `registry/`, `pki/`, `streams/`, `secrets/`, `checkpointer/`, `witness/`, `connection.properties`.")
            .withDerivedDefault(
                    "the `liaison.home` system property (`./liaison`: the checkout's `.liaison`; the image: `/var/lib/liaison`), else `.liaison`");

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.define(
                    "bootstrap.servers",
                    "LIAISON_BOOTSTRAP_SERVERS",
                    SettingType.STRING,
                    "Kafka bootstrap servers, `host:port,...`.")
            .fallsBackToConnectionFile();
    public static final Setting<String> REGISTRY_URL = Setting.define(
                    "schema.registry.url",
                    "LIAISON_REGISTRY_URL",
                    SettingType.STRING,
                    "Confluent-API schema registry base URL (Apicurio: `http://host:8080/apis/ccompat/v7`).")
            .fallsBackToConnectionFile();
    public static final Setting<String> REGISTRY_USER = Setting.define(
                    "registry.user",
                    "LIAISON_REGISTRY_USER",
                    SettingType.STRING,
                    "User for HTTP basic authentication to an https schema registry (never sent over http); "
                            + "needs `LIAISON_REGISTRY_PASSWORD_FILE`.")
            .validatedBy(new Validator<>(
                    "a user name without ':' (HTTP basic authentication)",
                    v -> !v.isBlank() && v.chars().noneMatch(c -> c == ':' || Character.isISOControl(c))))
            .fallsBackToConnectionFile();
    public static final Setting<Path> REGISTRY_PASSWORD_FILE = Setting.environmentOnly(
                    "LIAISON_REGISTRY_PASSWORD_FILE",
                    SettingType.PATH,
                    "File holding the registry user's password (first line), e.g. a mounted secret.")
            .validatedBy(Validator.readableFile());
    public static final Setting<Path> PKI_DIR = Setting.define(
                    "pki.dir",
                    "LIAISON_PKI_DIR",
                    SettingType.PATH,
                    "The backbone PKI directory (CA, certificates, keys, revocations).")
            .fallsBackToConnectionFile();
    public static final Setting<Path> POLICY = Setting.define(
                    "policy.file", "LIAISON_POLICY", SettingType.PATH, "The policy (MOU) file in force.")
            .fallsBackToConnectionFile();

    public static final Setting<String> KAFKA_SECURITY_PROTOCOL = Setting.define(
                    "kafka.security.protocol",
                    "LIAISON_KAFKA_SECURITY_PROTOCOL",
                    SettingType.STRING,
                    "Kafka's `security.protocol`: SCRAM-SHA-512 over TLS, the only way Liaison connects to Kafka "
                            + "(docs/encryption.md); PLAINTEXT and SASL_PLAINTEXT are refused.")
            .withDefault(ClientConnection.PROTOCOL)
            .validatedBy(new Validator<>(ClientConnection.PROTOCOL, v -> v.equalsIgnoreCase(ClientConnection.PROTOCOL)))
            .fallsBackToConnectionFile();
    public static final Setting<Path> TLS_TRUSTSTORE = Setting.define(
                    "tls.truststore",
                    "LIAISON_TLS_TRUSTSTORE",
                    SettingType.PATH,
                    "PKCS#12 trust store with the backbone CA that Kafka brokers and an https registry must chain to (and "
                            + "name the host dialled); its password is the first line of `<file>.password`.")
            .withDerivedDefault("`<pki dir>/tls/truststore.p12`")
            .validatedBy(Validator.readableFile())
            .fallsBackToConnectionFile();
    public static final Setting<String> SCRAM_USER = Setting.define(
                    "scram.user", "LIAISON_SCRAM_USER", SettingType.STRING, "The Kafka user this process logs in as.")
            .withDerivedDefault(
                    "the command's own principal (`liaison-streams` for `backbone run`, the agency for `ingest serve`, ...)")
            .fallsBackToConnectionFile();
    public static final Setting<Path> SCRAM_PASSWORD_FILE = Setting.environmentOnly(
                    "LIAISON_SCRAM_PASSWORD_FILE",
                    SettingType.PATH,
                    "File holding this process's Kafka password (first line), e.g. a mounted secret.")
            .withDerivedDefault("`<secrets dir>/<user>.password`");
    public static final Setting<Path> SECRETS_DIR = Setting.define(
                    "secrets.dir",
                    "LIAISON_SECRETS_DIR",
                    SettingType.PATH,
                    "Directory of `<user>.password` files; `admin users` creates missing ones.")
            .withDerivedDefault("`$LIAISON_HOME/secrets`")
            .fallsBackToConnectionFile();

    public static final Setting<String> STREAMS_APPLICATION_ID = Setting.define(
                    "streams.application.id",
                    "LIAISON_STREAMS_APPLICATION_ID",
                    SettingType.STRING,
                    "Kafka Streams application id of `backbone run`; instances with the same id share the partitions. "
                            + "`admin apply --streams-application-id` must grant the same id.")
            .withDefault(AclPlan.DEFAULT_STREAMS_APPLICATION_ID)
            .validatedBy(new Validator<>("a Kafka name (letters, digits, '.', '_', '-')", AclPlan::validApplicationId));
    public static final Setting<Integer> STREAMS_THREADS = Setting.define(
                    "streams.threads",
                    "LIAISON_STREAMS_THREADS",
                    SettingType.INT,
                    "Stream threads in one backbone instance.")
            .withDefault(1)
            .validatedBy(Validator.between(1, StreamsAppConfig.MAX_THREADS));
    public static final Setting<Path> STREAMS_STATE_DIR = Setting.define(
                    "streams.state.dir",
                    "LIAISON_STREAMS_STATE_DIR",
                    SettingType.PATH,
                    "Local state directory of a backbone instance.")
            .withDerivedDefault("`$LIAISON_HOME/streams`");
    public static final Setting<Integer> STREAMS_REPLICATION_FACTOR = Setting.define(
                    "streams.replication.factor",
                    "LIAISON_STREAMS_REPLICATION_FACTOR",
                    SettingType.INT,
                    "Replication of the backbone's internal topics (changelogs); -1 takes the broker's default.")
            .withDefault(-1)
            .validatedBy(new Validator<>("-1, or a whole number from 1 to 32", v -> v == -1 || (v >= 1 && v <= 32)));
    public static final Setting<Duration> REPLAY_WINDOW = Setting.define(
                    "replay.window",
                    "LIAISON_REPLAY_WINDOW",
                    SettingType.DURATION,
                    "A message id seen again within this window is a replay; longer than `clock.skew`.")
            .withDefault(BackboneSettings.DEFAULT_REPLAY_WINDOW)
            .validatedBy(Validator.positive());
    public static final Setting<Duration> CLOCK_SKEW = Setting.define(
                    "clock.skew",
                    "LIAISON_CLOCK_SKEW",
                    SettingType.DURATION,
                    "Largest accepted difference between a message's created-at and the backbone's clock.")
            .withDefault(BackboneSettings.DEFAULT_CLOCK_SKEW)
            .validatedBy(Validator.positive());
    public static final Setting<Integer> TOPIC_PARTITIONS = Setting.define(
                    "topic.partitions",
                    "LIAISON_TOPIC_PARTITIONS",
                    SettingType.INT,
                    "Partitions of ingress, inbox and quarantine topics as `admin apply` creates them. `backbone run` "
                            + "pins every ingress topic to this count and refuses to run on one with another: the replay store is per "
                            + "partition (streams/README.md says how to change it).")
            .withDefault(TopicPlan.DEFAULT_PARTITIONS)
            .validatedBy(Validator.between(1, 256));
    public static final Setting<Optional<Duration>> CHECKPOINT_INTERVAL = Setting.define(
                    "checkpoint.interval",
                    "LIAISON_CHECKPOINT_INTERVAL",
                    SettingType.DURATION_OR_OFF,
                    "How often `backbone run` also publishes signed audit checkpoints; normally off, and one `checkpoint run` per cluster does it.")
            .withDefault(Optional.empty())
            .validatedBy(Validator.positiveOrOff());
    public static final Setting<Path> CHECKPOINT_STATE_FILE = Setting.define(
                    "checkpoint.state.file",
                    "LIAISON_CHECKPOINT_STATE_FILE",
                    SettingType.PATH,
                    "The checkpointer's last signed checkpoint, rewritten atomically before each is published. On start it "
                            + "signs nothing until the audit log extends it, and refuses a shorter or different log (the topic "
                            + "deleted and recreated). Keep it on a persistent volume, writable by the checkpointer alone.")
            .withDerivedDefault("`$LIAISON_HOME/checkpointer/last-checkpoint.note`");
    public static final Setting<List<URI>> CHECKPOINT_WITNESSES = Setting.define(
                    "checkpoint.witnesses",
                    "LIAISON_CHECKPOINT_WITNESSES",
                    SettingType.URLS,
                    "Witnesses (C2SP tlog-witness submission URLs, e.g. `https://witness:8490`) the checkpointer submits every "
                            + "checkpoint to; it publishes each with the cosignatures that verify, and reports DEGRADED, naming "
                            + "the witness and its answer, when one refuses or cannot be reached. An https witness's certificate "
                            + "must chain to the PKI's CA (`tls/truststore.p12`).")
            .withDerivedDefault("none: checkpoints carry the backbone's signature only");
    public static final Setting<Path> WITNESS_STATE_DIR = Setting.define(
                    "witness.state.dir",
                    "LIAISON_WITNESS_STATE_DIR",
                    SettingType.PATH,
                    "`witness serve`: the last checkpoint it cosigned per origin, one file each, rewritten atomically before it "
                            + "answers. Deleting it makes the witness accept any history next: keep it on a persistent volume of "
                            + "the witness's own.")
            .withDerivedDefault("`$LIAISON_HOME/witness`");
    public static final Setting<ListenAddress> MANAGEMENT_LISTEN = Setting.define(
                    "management.listen",
                    "LIAISON_MANAGEMENT_LISTEN",
                    SettingType.LISTEN_ADDRESS,
                    "Where `backbone run` and `checkpoint run` serve `/health`, `/ready` and `/metrics` (plain HTTP, "
                            + "unauthenticated, read-only: counts and states, never content). Loopback by default; bind a "
                            + "private network address only for a Prometheus there (docs/operations.md). Port 0: any free one.")
            .withDefault(new ListenAddress("127.0.0.1", 9464));
    public static final Setting<Path> PSEUDONYM_SECRET_FILE = Setting.define(
                    "pseudonym.secret.file",
                    "LIAISON_PSEUDONYM_SECRET_FILE",
                    SettingType.PATH,
                    "The backbone's pseudonym master secret: at least 32 random bytes, 0600, the same for every instance, never in "
                            + "the PKI directory. `backbone run` refuses to start without it.")
            .withDerivedDefault("`$LIAISON_HOME/secrets/pseudonym.key`");
    public static final Setting<Duration> PSEUDONYM_PERIOD = Setting.define(
                    "pseudonym.period",
                    "LIAISON_PSEUDONYM_PERIOD",
                    SettingType.DURATION,
                    "How long a recipient's pseudonym key lasts: within a period one value has one "
                            + "pseudonym per recipient; across periods its pseudonyms cannot be linked. Periods count from 1970-01-01T00:00Z.")
            .withDefault(Redactor.DEFAULT_PSEUDONYM_PERIOD)
            .validatedBy(Validator.positive());
    public static final Setting<String> COMPONENT = Setting.define(
                    "component",
                    "LIAISON_COMPONENT",
                    SettingType.STRING,
                    "This backbone instance's name in audit records.")
            .withDerivedDefault("`liaison-streams@<host>`");

    // Read by log4j2 (cli/src/main/resources/log4j2.properties), whose defaults a cli test holds to these.
    private static final Validator<String> LOG_LEVEL =
            Validator.oneOf("OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE");
    public static final Setting<String> LOG_LEVEL_ROOT = Setting.environmentOnly(
                    "LIAISON_LOG_LEVEL", SettingType.STRING, "Log level of every other logger (log4j2's root logger).")
            .withDefault("WARN")
            .validatedBy(LOG_LEVEL);
    public static final Setting<String> APP_LOG_LEVEL = Setting.environmentOnly(
                    "LIAISON_APP_LOG_LEVEL",
                    SettingType.STRING,
                    "Log level of Liaison's own components; INFO says what the backbone does.")
            .withDefault("WARN")
            .validatedBy(LOG_LEVEL);
    public static final Setting<String> BROKER_LOG_LEVEL = Setting.environmentOnly(
                    "LIAISON_BROKER_LOG_LEVEL",
                    SettingType.STRING,
                    "Log level of the embedded broker and the Kafka clients; WARN or INFO shows their own messages.")
            .withDefault("ERROR")
            .validatedBy(LOG_LEVEL);
    public static final Setting<String> DEBUG = Setting.environmentOnly(
            "LIAISON_DEBUG", SettingType.STRING, "Set (e.g. to 1) to print stack traces of internal errors.");
    public static final Setting<String> JAVA_OPTS = Setting.environmentOnly(
                    "LIAISON_JAVA_OPTS",
                    SettingType.STRING,
                    "JVM options, read by the `./liaison` script and the image's `liaison` command.")
            .withDerivedDefault("`-Xmx1g` in `./liaison`");

    public static final Setting<String> GATEWAY_OIDC_ISSUER = Setting.define(
                    "gateway.oidc.issuer",
                    "LIAISON_GATEWAY_OIDC_ISSUER",
                    SettingType.STRING,
                    "`gateway serve`: the exact `iss` of the agency's OpenID Connect identity provider, whose RS/ES-signed "
                            + "access tokens analysts present (consumer-gateway/README.md). With it, the other `gateway.oidc.*` "
                            + "settings are required and a token is accepted only with a verified signature; an unreachable "
                            + "JWKS refuses the token, naming the URL.")
            .withDerivedDefault("none: analysts use `gateway token` tokens or client certificates");
    public static final Setting<String> GATEWAY_OIDC_JWKS_URL = Setting.define(
            "gateway.oidc.jwks.url",
            "LIAISON_GATEWAY_OIDC_JWKS_URL",
            SettingType.STRING,
            "The identity provider's JWKS URL (https; http only on loopback). Fetched again when a token names an unknown "
                    + "`kid`, so the provider's key rotation needs no restart.");
    public static final Setting<String> GATEWAY_OIDC_AUDIENCE = Setting.define(
            "gateway.oidc.audience",
            "LIAISON_GATEWAY_OIDC_AUDIENCE",
            SettingType.STRING,
            "The `aud` an identity-provider token must carry to open this agency's feed.");
    public static final Setting<String> GATEWAY_OIDC_ACR = Setting.define(
            "gateway.oidc.acr",
            "LIAISON_GATEWAY_OIDC_ACR",
            SettingType.STRING,
            "Comma-separated `acr` values that prove a multi-factor login; the token's must be one of them. At least one "
                    + "of this and `gateway.oidc.amr` is required.");
    public static final Setting<String> GATEWAY_OIDC_AMR = Setting.define(
            "gateway.oidc.amr",
            "LIAISON_GATEWAY_OIDC_AMR",
            SettingType.STRING,
            "Comma-separated `amr` values that must all be in the token's `amr` (e.g. `mfa`).");
    public static final Setting<String> GATEWAY_OIDC_PURPOSES_CLAIM = Setting.define(
                    "gateway.oidc.purposes.claim",
                    "LIAISON_GATEWAY_OIDC_PURPOSES_CLAIM",
                    SettingType.STRING,
                    "The token claim (a string or a list) whose values `gateway.oidc.purposes` maps to purposes.")
            .withDefault("groups");
    public static final Setting<String> GATEWAY_OIDC_PURPOSES = Setting.define(
            "gateway.oidc.purposes",
            "LIAISON_GATEWAY_OIDC_PURPOSES",
            SettingType.STRING,
            "Which purposes each claim value lets an analyst declare, `VALUE=PURPOSE+PURPOSE,VALUE=PURPOSE` (e.g. "
                    + "`crowd-analysts=crowd-safety,detectives=violent-crime-investigation+crowd-safety`); values not "
                    + "listed grant nothing, and the policy must still let the agency declare the purpose.");

    /** The table, in the order the docs list it. */
    public static final List<Setting<?>> ALL = List.of(
            HOME,
            BOOTSTRAP_SERVERS,
            REGISTRY_URL,
            REGISTRY_USER,
            REGISTRY_PASSWORD_FILE,
            PKI_DIR,
            POLICY,
            KAFKA_SECURITY_PROTOCOL,
            TLS_TRUSTSTORE,
            SCRAM_USER,
            SCRAM_PASSWORD_FILE,
            SECRETS_DIR,
            STREAMS_APPLICATION_ID,
            STREAMS_THREADS,
            STREAMS_STATE_DIR,
            STREAMS_REPLICATION_FACTOR,
            REPLAY_WINDOW,
            CLOCK_SKEW,
            TOPIC_PARTITIONS,
            PSEUDONYM_SECRET_FILE,
            PSEUDONYM_PERIOD,
            CHECKPOINT_INTERVAL,
            CHECKPOINT_STATE_FILE,
            CHECKPOINT_WITNESSES,
            WITNESS_STATE_DIR,
            GATEWAY_OIDC_ISSUER,
            GATEWAY_OIDC_JWKS_URL,
            GATEWAY_OIDC_AUDIENCE,
            GATEWAY_OIDC_ACR,
            GATEWAY_OIDC_AMR,
            GATEWAY_OIDC_PURPOSES_CLAIM,
            GATEWAY_OIDC_PURPOSES,
            MANAGEMENT_LISTEN,
            COMPONENT,
            LOG_LEVEL_ROOT,
            APP_LOG_LEVEL,
            BROKER_LOG_LEVEL,
            DEBUG,
            JAVA_OPTS);

    private LiaisonSettings() {}

    public static Optional<Setting<?>> forVariable(String variable) {
        return ALL.stream().filter(s -> s.env().equals(variable)).findFirst();
    }

    public static Optional<Setting<?>> forKey(String key) {
        return ALL.stream().filter(s -> s.key().filter(key::equals).isPresent()).findFirst();
    }

    /** {@code docs/configuration.md}: the table rendered as Markdown, with how values are looked up. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("""
                # Configuration

                <!-- Generated from io.liaison.runtime.config.LiaisonSettings; do not edit. To regenerate:
                     mvn -B -o -pl runtime -am test -Dtest=ConfigurationDocsTest -Dsurefire.failIfNoSpecifiedTests=false
                     cp runtime/target/configuration.md docs/configuration.md -->

                Every setting a Liaison process reads, declared once in `io.liaison.runtime.config.LiaisonSettings`.
                A command takes each value from the first of:

                1. its option, where it has one (e.g. `--bootstrap-servers`; see the command's `--help`);
                2. the environment variable;
                3. the `--config` properties file of `liaison backbone run`, by key;
                4. `$LIAISON_HOME/connection.properties`, which `liaison demo` writes, for settings marked in the
                   *connection file* column;
                5. the default.

                A value that does not parse or is out of range stops the process with a message that names where
                it came from, e.g. `LIAISON_REPLAY_WINDOW: 'P7X' is not an ISO-8601 duration`.

                | key | environment variable | type | default | valid values | connection file | meaning |
                |---|---|---|---|---|---|---|
                """);
        for (Setting<?> s : ALL) {
            md.append("| ")
                    .append(s.key().map(k -> "`" + k + "`").orElse("—"))
                    .append(" | `")
                    .append(s.env())
                    .append("` | ")
                    .append(s.type().name())
                    .append(" | ")
                    .append(defaultCell(s))
                    .append(" | ")
                    .append(cell(s.validator().validValues()))
                    .append(" | ")
                    .append(s.connectionFile() ? "yes" : "")
                    .append(" | ")
                    .append(cell(s.doc()))
                    .append(" |\n");
        }
        md.append("\n`liaison backbone run` also passes Kafka client properties through to every client it creates: `")
                .append(KAFKA_KEY_PREFIX)
                .append("<name>` in its `--config` file and `")
                .append(KAFKA_ENV_PREFIX)
                .append("<NAME>` in the environment (dots as underscores), e.g. `")
                .append(KAFKA_ENV_PREFIX)
                .append("CLIENT_DNS_LOOKUP`; `")
                .append(KAFKA_SECURITY_PROTOCOL.key().orElseThrow())
                .append("` is the setting above, not passed through. ")
                .append(
                        "One that would undo TLS is refused, naming it: `ssl.endpoint.identification.algorithm` other than ")
                .append("`https`, or `ssl.protocol` / `ssl.enabled.protocols` naming a version other than ")
                .append(TlsPolicy.protocols().replace(",", ", "))
                .append(".\n");
        return md.toString();
    }

    private static String defaultCell(Setting<?> s) {
        if (s.defaultValue().isPresent()) {
            return "`" + s.defaultText() + "`";
        }
        return s.derivedDefault().isEmpty() ? "none" : cell(s.derivedDefault());
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
