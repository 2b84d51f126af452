package io.liaison.cli.complaints;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.cli.CliErrors;
import io.liaison.cli.ClusterOptions;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.complaints.ComplaintsOfficer;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.Opening;
import io.liaison.kernel.trust.AgencyIds;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PkiMaterial;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "referrals",
        mixinStandardHelpOptions = true,
        description = {
            "The agency's side: list the complaints oversight referred to AGENCY, each opened with "
                    + "AGENCY's own decryption key: only the fields the policy lets the agency concerned "
                    + "receive, never the complainant's contact. Logs in as the agency (its Kafka user may read "
                    + "its own referrals topic only)."
        })
final class ComplaintsReferralsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    KafkaLoginOptions login;

    @Option(
            names = "--agency",
            required = true,
            paramLabel = "AGENCY",
            description = "The agency whose referrals to read.")
    String agency;

    @Option(names = "--key-passphrase-file", paramLabel = "FILE", description = "Passphrase of an encrypted key.")
    Path keyPassphraseFile;

    @Override
    public Integer call() {
        try {
            AgencyIds.require(agency);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--agency: " + e.getMessage());
        }
        LiaisonHome home = LiaisonHome.resolve();
        DecryptionKeys keys = PkiMaterial.decryptionKeys(cluster.pki(home), agency, keyPassphraseFile);
        Map<String, Object> kafka = login.properties(home, agency);
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(home));
        Map<String, Opening> referrals;
        try {
            referrals = ComplaintsOfficer.referrals(kafka, agency, keys);
        } catch (KafkaException e) {
            throw new CliErrors.UserError("cannot read the referrals of " + agency + ": " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        int refused = 0;
        for (Map.Entry<String, Opening> r : referrals.entrySet()) {
            if (r.getValue() instanceof Opening.Opened opened) {
                try {
                    out.printf("%s %s%n", r.getKey(), json.readTree(opened.plaintext()));
                } catch (IOException e) {
                    out.printf("%s (not a referral: %s)%n", r.getKey(), e.getMessage());
                }
            } else {
                Opening.Refused x = (Opening.Refused) r.getValue();
                refused++;
                out.printf("%s REFUSED %s: %s%n", r.getKey(), x.reason(), x.detail());
            }
        }
        out.printf(
                "%d referrals to %s%s%n",
                referrals.size(), agency, refused == 0 ? "" : ", " + refused + " did not open");
        return refused == 0 ? 0 : 1;
    }
}
