package io.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.TopicSpec;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.pki.TlsPolicy;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyLoader;
import io.liaison.runtime.config.LiaisonSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code docker-compose.yml} and the scripts under {@code deploy/} against the code: the
 * variables Liaison services set are ones the code reads, users, secrets, agencies and topics are
 * the policy's, and ports agree between listeners, URLs, mappings and healthchecks.
 */
class ComposeConsistencyTest {
    /** The one-shot services that set up keys and users; no long-running service is among them. */
    private static final Set<String> SETUP_SERVICES = new TreeSet<>(Set.of("init", "pki-init"));

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    private static final Pattern SHELL_ARRAY = Pattern.compile("USERS=\\(([^)]*)\\)");
    private static final Pattern AGENCY_LOOP = Pattern.compile("for agency in ([a-z0-9 -]+);");
    private static final Pattern TOPIC_NAME =
            Pattern.compile("\\b(?:ingress|inbox)\\.[a-z0-9-]+|\\b(?:quarantine|audit|checkpoints)\\b");

    private static JsonNode compose;
    private static Policy policy;

    @BeforeAll
    static void read() throws Exception {
        compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile());
        policy = PolicyLoader.load(ROOT.resolve("config/policy.yaml"));
    }

    @Test
    void everyLiaisonVariableAServiceSetsIsOneTheCodeReads() {
        Map<String, List<String>> unknown = new LinkedHashMap<>();
        liaisonServices()
                .forEach((name, service) -> service.path("environment")
                        .fieldNames()
                        .forEachRemaining(variable -> {
                            if (variable.startsWith("LIAISON_")
                                    && LiaisonSettings.forVariable(variable).isEmpty()
                                    && !passesThroughAKafkaProperty(variable)) {
                                unknown.computeIfAbsent(name, k -> new ArrayList<>())
                                        .add(variable);
                            }
                        }));
        assertThat(unknown)
                .as("LIAISON_* variables not declared in LiaisonSettings")
                .isEmpty();
        assertThat(liaisonServices()).as("services running the Liaison image").hasSizeGreaterThan(5);
    }

    @Test
    void eachLiaisonServiceLogsInAsABackboneUserWithItsOwnSecret() {
        Set<String> users = Principals.users(policy.agencies());
        liaisonServices().forEach((name, service) -> {
            JsonNode env = service.path("environment");
            if (env.has(LiaisonSettings.SCRAM_USER.env())) {
                String user = env.path(LiaisonSettings.SCRAM_USER.env()).asText();
                assertThat(users).as(name + " logs in as a known user").contains(user);
                assertThat(env.path(LiaisonSettings.SCRAM_PASSWORD_FILE.env()).asText())
                        .as(name + "'s password file")
                        .isEqualTo("/run/secrets/" + user + ".password");
                List<String> own = new ArrayList<>(List.of(user + ".password"));
                if (env.has(LiaisonSettings.PSEUDONYM_SECRET_FILE.env())) {
                    own.add("pseudonym.key");
                }
                if (env.has(LiaisonSettings.REGISTRY_PASSWORD_FILE.env())) {
                    String registrySecret = env.path(LiaisonSettings.REGISTRY_PASSWORD_FILE.env())
                            .asText()
                            .replace("/run/secrets/", "");
                    assertThat(compose.path("secrets").has(registrySecret))
                            .as(name + "'s registry password is a declared secret")
                            .isTrue();
                    own.add(registrySecret);
                }
                assertThat(texts(service.path("secrets")))
                        .as(name + " mounts only its own secrets")
                        .containsExactlyInAnyOrderElementsOf(own);
            }
        });
    }

    /**
     * Keys held by their owners (docs/encryption.md): the {@code pki} volume, with the CA key and
     * every private key, is mounted by the two one-shot setup services alone ({@code pki-init} issues
     * certificates before the brokers start, {@code init} exports each service's keys and creates
     * users once they run); every running service reads its PKI
     * directory from a volume of its own, read-only, which init fills with that service's keys,
     * and no two services of different kinds (or agencies) share one.
     */
    @Test
    void onlySetupMountsTheCaAndEachRunningServiceMountsItsOwnKeysReadOnly() {
        Map<String, Set<String>> mountedBy = new LinkedHashMap<>();
        liaisonServices()
                .forEach((name, service) -> texts(service.path("volumes")).forEach(volume -> {
                    String[] parts = volume.split(":");
                    mountedBy.computeIfAbsent(parts[0], v -> new TreeSet<>()).add(name);
                    if (!SETUP_SERVICES.contains(name) && parts[0].startsWith("pki")) {
                        assertThat(parts[1])
                                .as(name + " mounts its keys as its PKI directory")
                                .isEqualTo(service.path("environment")
                                        .path(LiaisonSettings.PKI_DIR.env())
                                        .asText());
                        assertThat(volume)
                                .as(name + " mounts its keys read-only")
                                .endsWith(":ro");
                    }
                }));
        assertThat(mountedBy.get("pki")).as("the volume with the CA key").containsExactlyElementsOf(SETUP_SERVICES);
        mountedBy.forEach((volume, services) -> {
            if (volume.startsWith("pki-")) {
                assertThat(services).as(volume).contains("init");
                Set<List<String>> kinds = new TreeSet<>(Comparator.comparing(Object::toString));
                services.stream()
                        .filter(n -> !SETUP_SERVICES.contains(n))
                        .forEach(n -> kinds.add(
                                owner(texts(compose.path("services").path(n).path("command")))));
                assertThat(kinds)
                        .as(volume + " is one kind of service's, of one agency")
                        .hasSize(1);
            }
        });
        Set<String> gateways = new TreeSet<>();
        liaisonServices().forEach((name, service) -> {
            List<String> command = texts(service.path("command"));
            if (command.size() > 1 && command.get(0).equals("gateway")) {
                gateways.add(command.get(command.indexOf("--agency") + 1));
                assertThat(service.path("environment")
                                .path(LiaisonSettings.SCRAM_USER.env())
                                .asText())
                        .isEqualTo(Principals.gateway(command.get(command.indexOf("--agency") + 1)));
            }
        });
        assertThat(gateways).as("one consumer gateway per agency").isEqualTo(new TreeSet<>(policy.agencies()));
    }

    /** A service's verb and the agency it acts for, if any: what its keys belong to. */
    private static List<String> owner(List<String> command) {
        int agency = command.indexOf("--agency");
        return List.of(command.get(0), agency < 0 ? "" : command.get(agency + 1));
    }

    @Test
    void onlyTheBackboneInstancesHoldThePseudonymSecretAndTheScriptCreatesIt() throws IOException {
        liaisonServices().forEach((name, service) -> {
            boolean backbone = texts(service.path("command")).containsAll(List.of("backbone", "run"));
            assertThat(texts(service.path("secrets")).contains("pseudonym.key"))
                    .as(name + " mounts the pseudonym secret")
                    .isEqualTo(backbone);
            assertThat(service.path("environment")
                            .path(LiaisonSettings.PSEUDONYM_SECRET_FILE.env())
                            .asText())
                    .as(name)
                    .isEqualTo(backbone ? "/run/secrets/pseudonym.key" : "");
        });
        assertThat(Files.readString(ROOT.resolve("deploy/generate-secrets.sh")))
                .contains("file=\"$DIR/pseudonym.key\"");
    }

    @Test
    void secretsScriptsAndInitCoverExactlyThePolicysUsersAndAgencies() throws IOException {
        Set<String> users = Principals.users(policy.agencies());
        String secretsScript = Files.readString(ROOT.resolve("deploy/generate-secrets.sh"));
        Set<String> generated = words(match(SHELL_ARRAY, secretsScript));
        generated.remove("apicurio-db"); // a database password, not a Kafka user
        generated.remove("registry-liaison"); // the services' login to the schema registry, not a Kafka user
        assertThat(generated).isEqualTo(new TreeSet<>(users));

        Set<String> declared = new TreeSet<>();
        compose.path("secrets").fieldNames().forEachRemaining(declared::add);
        assertThat(declared)
                .containsAll(users.stream().map(u -> u + ".password").toList());
        assertThat(texts(compose.path("services").path("init").path("secrets")))
                .containsExactlyInAnyOrderElementsOf(
                        users.stream().map(u -> u + ".password").toList());

        String init = Files.readString(ROOT.resolve("deploy/init/init.sh"));
        assertThat(words(match(AGENCY_LOOP, init))).isEqualTo(new TreeSet<>(policy.agencies()));
        assertThat(init).contains("liaison admin users", "liaison admin apply");
    }

    @Test
    void everyTopicNamedInTheDeploymentIsOneThePlanCreates() throws IOException {
        Set<String> planned = TopicPlan.embedded().topics(policy.agencies()).stream()
                .map(TopicSpec::name)
                .collect(Collectors.toSet());
        String text = Files.readString(COMPOSE) + Files.readString(ROOT.resolve("deploy/init/init.sh"));
        Matcher m = TOPIC_NAME.matcher(text);
        while (m.find()) {
            assertThat(planned).as("topic named in the deployment").contains(m.group());
        }
        assertThat(compose.path("services")
                        .path("schema-registry")
                        .path("environment")
                        .path("SCHEMA_REGISTRY_KAFKASTORE_TOPIC")
                        .asText())
                .isEqualTo(Principals.SCHEMA_REGISTRY_TOPIC);
    }

    @Test
    void brokerRegistryAndGatewayPortsAgree() throws IOException {
        String startBroker = Files.readString(ROOT.resolve("deploy/kafka/start-broker.sh"));
        int clientPort =
                Integer.parseInt(match(Pattern.compile("listeners=CLIENT://0\\.0\\.0\\.0:(\\d+)"), startBroker));
        int controllerPort = Integer.parseInt(match(Pattern.compile("CONTROLLER://0\\.0\\.0\\.0:(\\d+)"), startBroker));

        Set<String> brokers = new TreeSet<>();
        compose.path("services").fieldNames().forEachRemaining(n -> {
            if (n.matches("kafka-\\d+")) {
                brokers.add(n);
            }
        });
        assertThat(brokers).hasSize(3);
        for (String broker : brokers) {
            String voters = compose.path("services")
                    .path(broker)
                    .path("environment")
                    .path("KAFKA_VOTERS")
                    .asText();
            assertThat(voters.split(",")).allSatisfy(v -> assertThat(v).endsWith(":" + controllerPort));
        }

        int registryPort = URI.create(compose.path("services")
                        .path("schema-registry")
                        .path("environment")
                        .path("SCHEMA_REGISTRY_LISTENERS")
                        .asText())
                .getPort();
        liaisonServices().forEach((name, service) -> {
            JsonNode env = service.path("environment");
            if (env.has("LIAISON_BOOTSTRAP_SERVERS")) {
                assertThat(env.path("LIAISON_BOOTSTRAP_SERVERS").asText().split(","))
                        .as(name + " bootstrap servers")
                        .allSatisfy(hostPort -> assertThat(brokers).contains(hostPort.split(":")[0]))
                        .allSatisfy(hostPort -> assertThat(hostPort).endsWith(":" + clientPort));
            }
            if (env.has("LIAISON_REGISTRY_URL")) {
                String url =
                        env.path("LIAISON_REGISTRY_URL").asText().replaceAll("\\$\\{LIAISON_REGISTRY_URL:-(.*)}", "$1");
                assertThat(URI.create(url).getPort())
                        .as(name + " registry port")
                        .isEqualTo(registryPort);
            }
            List<String> command = texts(service.path("command"));
            int portOption = command.indexOf("--port");
            if (portOption >= 0) {
                String port = command.get(portOption + 1);
                assertThat(texts(service.path("ports")))
                        .as(name + " publishes its --port")
                        .singleElement()
                        .satisfies(mapping -> assertThat(mapping).endsWith(":" + port));
                assertThat(String.join(" ", texts(service.path("healthcheck").path("test"))))
                        .as(name + " checks its --port")
                        .contains("/" + port);
            }
        });
        assertThat(texts(compose.path("services").path("schema-registry").path("ports")))
                .containsExactly(registryPort + ":" + registryPort);
    }

    @Test
    void everyKafkaListenerAndClientOfTheDeploymentIsTls() throws IOException {
        String startBroker = Files.readString(ROOT.resolve("deploy/kafka/start-broker.sh"));
        Map<String, String> protocols = new LinkedHashMap<>();
        for (String entry : match(Pattern.compile("listener\\.security\\.protocol\\.map=(\\S+)"), startBroker)
                .split(",")) {
            protocols.put(entry.split(":")[0], entry.split(":")[1]);
        }
        String controller = match(Pattern.compile("controller\\.listener\\.names=(\\S+)"), startBroker);
        String interBroker = match(Pattern.compile("inter\\.broker\\.listener\\.name=(\\S+)"), startBroker);
        assertThat(protocols.values()).as("listener protocols").allMatch(p -> p.equals("SASL_SSL") || p.equals("SSL"));
        for (String mutual : List.of(controller, interBroker)) {
            assertThat(protocols).containsEntry(mutual, "SSL");
            assertThat(startBroker)
                    .contains(
                            "listener.name." + mutual.toLowerCase(java.util.Locale.ROOT) + ".ssl.client.auth=required");
        }
        assertThat(startBroker)
                .contains(
                        "ssl.endpoint.identification.algorithm=https",
                        "ssl.enabled.protocols=" + TlsPolicy.protocols(),
                        "ssl.cipher.suites=" + TlsPolicy.cipherSuites(),
                        "ssl.keystore.type=PKCS12");
        assertThat(Files.readString(ROOT.resolve("deploy/kafka/client.properties.sh")))
                .contains("security.protocol=SASL_SSL", "ssl.endpoint.identification.algorithm=https");

        JsonNode registry = compose.path("services").path("schema-registry").path("environment");
        assertThat(registry.path("SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL").asText())
                .isEqualTo("SASL_SSL");
        assertThat(registry.path("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS")
                        .asText()
                        .split(","))
                .allSatisfy(server -> assertThat(server).startsWith("SASL_SSL://"));
        assertThat(registry.path("SCHEMA_REGISTRY_KAFKASTORE_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM")
                        .asText())
                .isEqualTo("https");
        liaisonServices().forEach((name, service) -> {
            JsonNode env = service.path("environment");
            if (env.has(LiaisonSettings.KAFKA_SECURITY_PROTOCOL.env())) {
                assertThat(env.path(LiaisonSettings.KAFKA_SECURITY_PROTOCOL.env())
                                .asText())
                        .as(name)
                        .isEqualTo("SASL_SSL");
            }
        });
    }

    @Test
    void theRegistryAndTheHttpServicesServeHttpsWithCertificatesThePkiInitIssues() throws IOException {
        String init = Files.readString(ROOT.resolve("deploy/init/init.sh"));
        Set<String> brokerCertificates = words(match(Pattern.compile("for broker in ([a-z0-9 -]+);"), init));
        Set<String> serverCertificates = words(match(Pattern.compile("for server in ([a-z0-9 -]+);"), init));
        Set<String> brokers = new TreeSet<>();
        compose.path("services").fieldNames().forEachRemaining(n -> {
            if (n.matches("kafka-\\d+")) {
                brokers.add(n);
                assertThat(texts(compose.path("services").path(n).path("volumes")))
                        .as(n + " mounts its own key store")
                        .contains(n + "-tls:/etc/kafka/tls:ro");
            }
        });
        assertThat(brokerCertificates).as("a tls-broker certificate per node").isEqualTo(brokers);

        JsonNode registry = compose.path("services").path("schema-registry").path("environment");
        assertThat(registry.path("SCHEMA_REGISTRY_LISTENERS").asText()).startsWith("https://");
        assertThat(registry.path("SCHEMA_REGISTRY_AUTHENTICATION_METHOD").asText())
                .isEqualTo("BASIC");
        assertThat(registry.path("SCHEMA_REGISTRY_SSL_ENABLED_PROTOCOLS").asText())
                .isEqualTo(TlsPolicy.protocols());
        assertThat(registry.path("SCHEMA_REGISTRY_SSL_CIPHER_SUITES").asText()).isEqualTo(TlsPolicy.cipherSuites());
        assertThat(compose.path("services")
                        .path("apicurio")
                        .path("environment")
                        .path("QUARKUS_HTTP_INSECURE_REQUESTS")
                        .asText())
                .isEqualTo("disabled");
        assertThat(serverCertificates).contains("schema-registry", "apicurio");

        liaisonServices().forEach((name, service) -> {
            JsonNode env = service.path("environment");
            if (env.has("LIAISON_REGISTRY_URL")) {
                assertThat(env.path("LIAISON_REGISTRY_URL").asText())
                        .as(name + " registry URL")
                        .contains("https://");
            }
            List<String> command = texts(service.path("command"));
            if (command.contains("--port")) {
                int tlsName = command.indexOf("--tls-name");
                assertThat(tlsName).as(name + " serves https").isPositive();
                assertThat(serverCertificates)
                        .as(name + "'s certificate is issued by pki-init")
                        .contains(command.get(tlsName + 1));
            }
        });
    }

    @Test
    void everyLiaisonServiceRunsAVerbTheCliAccepts() {
        liaisonServices().forEach((name, service) -> {
            List<String> command = texts(service.path("command"));
            if (!command.isEmpty()) {
                assertThatCode(() -> Liaison.newCommandLine().parseArgs(command.toArray(String[]::new)))
                        .as(name + " runs `liaison " + String.join(" ", command) + "`")
                        .doesNotThrowAnyException();
            }
            if (command.contains("--port")) {
                // The HTTP services listen on loopback unless told otherwise; a published port needs more.
                assertThat(String.join(" ", command))
                        .as(name + " listens beyond loopback")
                        .contains("--bind 0.0.0.0");
            }
        });
    }

    @Test
    void theComposeBrokersRunTheTestedKafkaVersionWithTheTestedClustersDurabilitySettings() throws IOException {
        String version = match(
                Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>"),
                Files.readString(ROOT.resolve("pom.xml")));
        Map<String, String> script = brokerScriptProperties(Map.of("RF", "3", "MIN_ISR", "2"));
        Map<String, String> tested = EmbeddedKafkaBroker.durabilitySettings((short) 3, 2);
        compose.path("services").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("kafka-")) {
                assertThat(e.getValue().path("image").asText())
                        .as(e.getKey() + " runs the Kafka of the build (pom.xml kafka.version)")
                        .isEqualTo("apache/kafka:" + version);
            }
        });
        tested.forEach((key, value) -> assertThat(script)
                .as("deploy/kafka/start-broker.sh sets " + key + " as the tested cluster does")
                .containsEntry(key, value));
    }

    @Test
    void everyBackboneInstanceKeepsAStandbyReplicaOfItsState() {
        Map<String, JsonNode> backbones = new LinkedHashMap<>();
        liaisonServices().forEach((name, service) -> {
            if (texts(service.path("command")).containsAll(List.of("backbone", "run"))) {
                backbones.put(name, service);
            }
        });
        assertThat(backbones).as("backbone instances").hasSizeGreaterThanOrEqualTo(2);
        backbones.forEach((name, service) -> assertThat(service.path("environment")
                        .path(LiaisonSettings.KAFKA_ENV_PREFIX + "NUM_STANDBY_REPLICAS")
                        .asInt(0))
                .as(name + ": a standby replica, so a crashed instance's replay store is warm elsewhere")
                .isGreaterThanOrEqualTo(1));
    }

    @Test
    void prometheusScrapesEveryLongRunningLiaisonServiceWhereItServesMetrics() throws IOException {
        JsonNode prometheus = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
        Map<String, String> schemeByTarget = new LinkedHashMap<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            String scheme = job.path("scheme").asText("http");
            for (JsonNode config : job.path("static_configs")) {
                texts(config.path("targets")).forEach(t -> schemeByTarget.put(t, scheme));
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        liaisonServices().forEach((name, service) -> {
            if (SETUP_SERVICES.contains(name)) {
                return;
            }
            List<String> command = texts(service.path("command"));
            int port = command.indexOf("--port");
            if (port >= 0) {
                assertThat(command).as(name + " serves https").contains("--tls-name");
                expected.put(name + ":" + command.get(port + 1), "https");
            } else {
                String listen = service.path("environment")
                        .path(LiaisonSettings.MANAGEMENT_LISTEN.env())
                        .asText();
                assertThat(listen)
                        .as(name + " serves its management listener to the compose network")
                        .startsWith("0.0.0.0:");
                expected.put(name + listen.substring("0.0.0.0".length()), "http");
            }
        });
        assertThat(schemeByTarget).isEqualTo(expected);

        JsonNode service = compose.path("services").path("prometheus");
        assertThat(texts(service.path("volumes")))
                .contains(
                        "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                        "./deploy/prometheus/rules.yml:/etc/prometheus/rules.yml:ro");
        assertThat(texts(prometheus.path("rule_files"))).containsExactly("/etc/prometheus/rules.yml");
        assertThat(texts(service.path("ports")))
                .as("Prometheus on loopback only")
                .allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
        assertThat(texts(compose.path("services").path("grafana").path("ports")))
                .allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Path tool = Path.of("/usr/bin/docker-compose");
        assumeTrue(
                Files.isExecutable(tool),
                "docker-compose is not installed (apt-get install docker-compose): compose validation skipped");
        Process process = new ProcessBuilder(tool.toString(), "-f", COMPOSE.toString(), "config", "--quiet")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** The server.properties start-broker.sh writes, with its shell {@code variables} substituted. */
    private static Map<String, String> brokerScriptProperties(Map<String, String> variables) throws IOException {
        String script = Files.readString(ROOT.resolve("deploy/kafka/start-broker.sh"));
        String heredoc = script.substring(script.indexOf("<<PROPS") + "<<PROPS".length(), script.indexOf("\nPROPS"));
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : heredoc.strip().split("\n")) {
            String value = line.substring(line.indexOf('=') + 1);
            for (Map.Entry<String, String> v : variables.entrySet()) {
                value = value.replace("${" + v.getKey() + "}", v.getValue());
            }
            out.put(line.substring(0, line.indexOf('=')), value);
        }
        return out;
    }

    /** Services that run the project's image, by name. */
    private static Map<String, JsonNode> liaisonServices() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        compose.path("services").fields().forEachRemaining(e -> {
            if (e.getValue().path("image").asText().startsWith("liaison:")) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** LIAISON_KAFKA_<NAME> sets Kafka's <name> client property (dots as underscores) for every Liaison client. */
    private static boolean passesThroughAKafkaProperty(String variable) {
        return variable.startsWith(LiaisonSettings.KAFKA_ENV_PREFIX)
                && variable.substring(LiaisonSettings.KAFKA_ENV_PREFIX.length()).matches("[A-Z0-9_]+");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("pattern " + pattern + " found").isTrue();
        return m.group(1);
    }

    private static Set<String> words(String text) {
        return new TreeSet<>(Arrays.asList(text.trim().split("\\s+")));
    }
}
