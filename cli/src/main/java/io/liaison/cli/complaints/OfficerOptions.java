package io.liaison.cli.complaints;

import io.liaison.cli.ClusterOptions;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cli.PolicyOption;
import io.liaison.cluster.security.Principals;
import io.liaison.complaints.ComplaintsOfficer;
import io.liaison.policy.Policy;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.runtime.config.LiaisonHome;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Mixin;

/** How oversight's complaint verbs reach the cluster: as {@code complaints-officer}, with the policy in force. */
final class OfficerOptions {
    @Mixin
    ClusterOptions cluster;

    @Mixin
    KafkaLoginOptions login;

    @Mixin
    PolicyOption policy;

    ComplaintsOfficer officer(String verb) {
        LiaisonHome home = LiaisonHome.resolve();
        Map<String, Object> kafka = login.properties(home, Principals.COMPLAINTS_OFFICER);
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(home));
        AvroCodec codec = new AvroCodec(new ConfluentRegistryClient(cluster.registry(home)), true);
        return new ComplaintsOfficer(
                kafka,
                codec,
                "liaison-complaints-" + verb + "@" + ComplaintsServeCommand.hostname(),
                Clock.systemUTC());
    }

    Policy policy() {
        return policy.load(LiaisonHome.resolve());
    }
}
