package io.liaison.cli.admin;

import io.liaison.cli.BootstrapServersOption;
import io.liaison.cli.CliErrors;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.runtime.config.KafkaLogin;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every {@code admin} verb shares: where the cluster is, how the admin logs in, which policy. */
final class AdminConnection {
    @Mixin
    BootstrapServersOption bootstrapServers;

    @Mixin
    KafkaLoginOptions login;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description =
                    "The policy whose agencies get users, topics and ACLs (default: $LIAISON_POLICY, else connection.properties).")
    Path policyFile;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "PT30S",
            description = "How long each admin call may take (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    final LiaisonHome home = LiaisonHome.resolve();

    Policy policy() {
        Path file = policyFile != null ? policyFile : SettingSources.of(home).require(LiaisonSettings.POLICY, null);
        try {
            return PolicyLoader.load(file);
        } catch (PolicyException e) {
            throw new CliErrors.UserError(
                    file + " is not a valid policy:\n"
                            + String.join(
                                    "\n",
                                    e.errors().stream().map(Object::toString).toList()),
                    e);
        }
    }

    CredentialStore secrets() {
        return KafkaLogin.secrets(SettingSources.of(home), login.secretsDir());
    }

    ClientConnection adminConnection() {
        return login.connection(home, Principals.ADMIN);
    }

    /** An admin client logged in as the admin; the caller closes it. */
    Admin connect() {
        Map<String, Object> p = new HashMap<>(adminConnection().properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.require(home));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        try {
            return Admin.create(p);
        } catch (KafkaException e) {
            throw new CliErrors.UserError(
                    "cannot create a Kafka admin client: "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
                    e);
        }
    }

    ClusterAdmin cluster(Admin admin) {
        return new ClusterAdmin(admin, timeout);
    }

    /** Turns a failed admin call into one sentence: the cause says what the broker refused. */
    static CliErrors.UserError failed(RuntimeException e) {
        return new CliErrors.UserError(e.getMessage(), e);
    }
}
