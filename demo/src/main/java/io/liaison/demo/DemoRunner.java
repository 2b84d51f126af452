package io.liaison.demo;

import io.liaison.cluster.security.Principals;
import io.liaison.complaints.ComplaintServer;
import io.liaison.complaints.ComplaintsConfig;
import io.liaison.complaints.KafkaComplaintStore;
import io.liaison.consumer.InboxItem;
import io.liaison.consumer.http.ConsumerGatewayConfig;
import io.liaison.consumer.http.ConsumerGatewayServer;
import io.liaison.kernel.envelope.Provenance;
import io.liaison.kernel.fields.Leaf;
import io.liaison.kernel.fields.LeafWalker;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.policy.ComplaintsPolicy;
import io.liaison.producer.http.IngestServer;
import io.liaison.runtime.StartupRefusedException;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.QuarantineRecord;
import io.liaison.web.auth.TokenSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/** Runs the demo: start the stack, play the scenario, print per agency, then serve until stopped. */
public final class DemoRunner {
    private final LiaisonHome home;
    private final Path policy;
    private final boolean ephemeralPorts;
    private final int brokers;
    private final Duration timeout;
    private final PrintWriter out;
    /** The public complaint intake, once serving; closed before the stack. */
    private volatile AutoCloseable complaints;

    /** @param brokers KRaft nodes: 1 runs in this JVM, more run as a cluster of JVMs of their own */
    public DemoRunner(
            LiaisonHome home, Path policy, boolean ephemeralPorts, int brokers, Duration timeout, PrintWriter out) {
        this.home = home;
        this.policy = policy;
        this.ephemeralPorts = ephemeralPorts;
        this.brokers = brokers;
        this.timeout = timeout;
        this.out = out;
    }

    public int run(boolean exitAfterScenario) throws InterruptedException {
        if (!Files.isRegularFile(policy)) {
            throw new StartupRefusedException(
                    "policy file " + policy.toAbsolutePath() + " not found (use --policy FILE)");
        }
        out.println("Starting the embedded Liaison backbone in " + home.root().toAbsolutePath() + " ...");
        out.flush();
        long started = System.nanoTime();
        EmbeddedBackbone stack = EmbeddedBackbone.start(
                home,
                ephemeralPorts ? EmbeddedBackbone.Ports.EPHEMERAL : EmbeddedBackbone.Ports.DEFAULT,
                brokers,
                policy,
                out);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    out.println("Stopping the embedded backbone (state kept in "
                            + home.root().toAbsolutePath() + ") ...");
                    out.flush();
                    closeComplaints();
                    stack.close();
                    out.println("Stopped.");
                    out.flush();
                    stopped.countDown();
                },
                "liaison-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf(
                "Ready in %.1f s: Kafka %s, registry %s, policy %s%n",
                (System.nanoTime() - started) / 1e9,
                stack.connection().bootstrapServers(),
                stack.connection().registryUrl(),
                stack.policy().version());
        out.flush();

        ScenarioReport report = new DemoScenario(stack, out).run(timeout);
        print(stack, report);
        new CommandScenario(stack, out).run(timeout);
        out.println();
        out.println("Connection settings written to " + home.connectionFile().toAbsolutePath()
                + " (used by liaison publish, audit, report, ...).");
        if (exitAfterScenario) {
            Runtime.getRuntime().removeShutdownHook(hook);
            closeComplaints();
            stack.close();
            out.println("Stopped (--exit).");
            out.flush();
            return 0;
        }
        serveHttp(stack);
        out.println("The backbone keeps running; press Ctrl-C to stop it.");
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * One consumer gateway per agency, each with that agency's Kafka user and decryption key (ports
     * from 8470 in the order of {@link DemoScenario#AGENCIES}), and each publishing agency's HTTP
     * ingest, with tokens to try them.
     */
    private void serveHttp(EmbeddedBackbone stack) {
        Duration lifetime = Duration.ofHours(8);
        Map<String, ConsumerGatewayServer> consoles = new java.util.LinkedHashMap<>();
        int consolePort = ConsumerGatewayConfig.DEFAULT_PORT;
        for (String agency : DemoScenario.AGENCIES) {
            consoles.put(agency, stack.startConsumerGateway(agency, ephemeralPorts ? 0 : consolePort++));
        }
        out.println();
        out.println(
                "The demo's HTTP services and registry speak plain HTTP on 127.0.0.1 only, so nothing leaves this machine;");
        out.println(
                "Kafka is TLS even here. Deployed, `ingest serve` and `gateway serve` take --tls-name (https), as docker-compose.yml does.");
        out.println(
                "Analyst console and SSE feeds, one gateway per agency (tokens valid " + lifetime.toHours() + " h):");
        for (String[] analyst : new String[][] {
            {"cpd", "crowd-safety"}, {"ice", "violent-crime-investigation"}, {"oversight", "oversight"}
        }) {
            String token =
                    stack.token(analyst[0], "analyst." + analyst[0], TokenSettings.CONSUMER_GATEWAY_AUDIENCE, lifetime);
            out.printf(
                    "  %-9s %s/console/#agency=%s&purpose=%s&token=%s%n",
                    analyst[0], consoles.get(analyst[0]).baseUrl(), analyst[0], analyst[1], token);
        }
        out.println("Agency HTTP ingest (POST JSON of the payload type; see /v1/openapi.json):");
        int port = 8481;
        for (String agency : List.of("cpd", "ice", "guard")) {
            IngestServer ingest = stack.startIngest(agency, ephemeralPorts ? 0 : port++);
            String token = stack.token(agency, agency + ".dispatch", TokenSettings.AGENCY_GATEWAY_AUDIENCE, lifetime);
            out.printf(
                    "  %-6s curl -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' "
                            + "--data @examples/%s.json http://127.0.0.1:%d/v1/messages/%s%n",
                    agency, token, EXAMPLE_TYPE.get(agency), ingest.port(), EXAMPLE_TYPE.get(agency));
        }
        serveComplaints(stack);
    }

    /**
     * The public complaint intake on loopback, plain HTTP like the demo's other services (deployed:
     * `complaints serve --tls-name`), logged in as complaints-intake and sealing to oversight's key.
     */
    private void serveComplaints(EmbeddedBackbone stack) {
        ComplaintsPolicy policy = stack.policy().complaints().orElse(null);
        if (policy == null) {
            out.println("Complaint intake: not started, the policy declares no complaints: section.");
            return;
        }
        KafkaComplaintStore store = new KafkaComplaintStore(
                stack.clientProperties(Principals.COMPLAINTS_INTAKE), stack.readOnlyCodec(), Duration.ofSeconds(10));
        ComplaintServer server;
        try {
            server = ComplaintServer.start(
                    ComplaintsConfig.defaults(
                            "127.0.0.1", ephemeralPorts ? 0 : ComplaintsConfig.DEFAULT_PORT, Optional.empty()),
                    store,
                    new ComplaintServer.IntakePolicy(
                            policy, stack.policy().agencies(), stack.policy().version()),
                    at -> stack.trust().encryptionKey(policy.oversight(), EncryptionRole.AGENCY, at),
                    "liaison-complaints@demo",
                    Clock.systemUTC());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        complaints = () -> {
            server.close();
            store.close();
        };
        out.printf(
                "Public complaint intake (no account; sealed to %s; `liaison complaints status|show|proofs` for oversight):%n  %s/%n",
                policy.oversight(), server.baseUrl());
    }

    private void closeComplaints() {
        AutoCloseable c = complaints;
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                out.println("complaint intake: error while stopping: " + e.getMessage());
            }
        }
    }

    /** A message type each publishing agency may issue, with an example payload under examples/. */
    private static final Map<String, String> EXAMPLE_TYPE =
            Map.of("cpd", "IncidentReport", "ice", "WarrantNotice", "guard", "DeploymentOrder");

    private void print(EmbeddedBackbone stack, ScenarioReport report) {
        out.println();
        out.println(
                "What each agency received (opened with its own key, verified by its SDK: sender signature, field commitments,");
        out.println("backbone attestation):");
        for (String agency : DemoScenario.AGENCIES) {
            List<InboxItem> items = report.received().getOrDefault(agency, List.of());
            List<AuditRecord> denied = report.denied().getOrDefault(agency, List.of());
            out.println();
            out.printf("== %s: %d delivered, %d withheld by policy%n", agency, items.size(), denied.size());
            List<String> keyIds = items.stream()
                    .filter(InboxItem.Verified.class::isInstance)
                    .map(i -> ((InboxItem.Verified) i).decryptionKeyId())
                    .distinct()
                    .toList();
            if (!keyIds.isEmpty()) {
                out.printf(
                        "   decrypted with %s's own encryption key %s (its keys: %s)%n",
                        agency,
                        keyIds.stream().map(DemoRunner::shortKeyId).collect(Collectors.joining(", ")),
                        stack.decryptionKeys(agency).keyIds().stream()
                                .map(DemoRunner::shortKeyId)
                                .collect(Collectors.joining(", ")));
            }
            for (InboxItem item : items) {
                if (item instanceof InboxItem.Verified v) {
                    printDelivery(v);
                } else {
                    InboxItem.Refused r = (InboxItem.Refused) item;
                    out.printf("   REFUSED by the SDK %s: %s %s%n", r.messageId(), r.reason(), r.detail());
                }
            }
            for (AuditRecord d : denied) {
                out.printf(
                        "   withheld  %-16s from %-6s rule %s%n",
                        d.getMessageType(),
                        d.getSender(),
                        d.getRuleIds().isEmpty() ? "?" : d.getRuleIds().get(0));
            }
        }
        out.println();
        out.printf("== quarantine: %d rejected%n", report.quarantined().size());
        for (QuarantineRecord q : report.quarantined()) {
            out.printf(
                    "   %-22s %s-%d@%d  %s%n",
                    q.getReasonCode(), q.getSourceTopic(), q.getSourcePartition(), q.getSourceOffset(), q.getReason());
        }
        out.printf(
                "%n== audit log: %d records for this run (one per recipient decision or rejection)%n",
                report.auditRecords().size());
        out.flush();
    }

    private static String shortKeyId(String keyId) {
        return keyId.substring(0, 16) + "…";
    }

    private void printDelivery(InboxItem.Verified v) {
        Provenance p = v.provenance();
        out.printf(
                "   %-16s from %-6s purpose %-32s rule %s%n",
                p.messageType(), p.sender(), p.purpose(), String.join(",", p.ruleIds()));
        Map<String, String> changed = p.changedFields();
        if (changed.isEmpty()) {
            out.println("       full copy, nothing withheld");
            return;
        }
        out.printf("       %d field(s) withheld or transformed:%n", changed.size());
        for (Leaf leaf : LeafWalker.leaves(v.payload())) {
            String action = changed.get(leaf.path());
            if (action != null && !leaf.isSize()) {
                out.printf(
                        "         %-12s %-42s %s%n",
                        action, leaf.path(), "DROP".equals(action) ? "(withheld)" : "-> " + shown(leaf.value()));
            }
        }
    }

    private static String shown(Object value) {
        if (value == null) {
            return "(null)";
        }
        String s = value.toString();
        return s.length() > 60 ? "\"" + s.substring(0, 57) + "...\"" : "\"" + s + "\"";
    }
}
