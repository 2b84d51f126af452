package io.liaison.cli.complaints;

import io.liaison.cli.CliErrors;
import io.liaison.complaints.AgencyView;
import io.liaison.complaints.Complaint;
import io.liaison.complaints.Receipts;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.Opening;
import io.liaison.policy.ComplaintsPolicy;
import io.liaison.policy.Policy;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PkiMaterial;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Open one complaint with the oversight agency's decryption key "
                    + "(agencies/OVERSIGHT/encryption.key in the PKI directory) and print it, then what the "
                    + "agency concerned may be told of it under the policy (--agency-view prints that alone). "
                    + "Runs as the complaints-officer Kafka user."
        })
final class ComplaintsShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OfficerOptions options;

    @Parameters(index = "0", paramLabel = "RECEIPT", description = "The complaint's receipt number.")
    String receipt;

    @Option(names = "--key-passphrase-file", paramLabel = "FILE", description = "Passphrase of an encrypted key.")
    Path keyPassphraseFile;

    @Option(names = "--agency-view", description = "Print only what the agency concerned may receive.")
    boolean agencyView;

    @Override
    public Integer call() {
        if (!Receipts.valid(receipt)) {
            throw new CliErrors.UserError(
                    "RECEIPT '" + receipt + "' is not a receipt number (C-XXXXX-XXXXX-XXXXX-XXXXX)");
        }
        Policy policy = options.policy();
        ComplaintsPolicy complaints = policy.complaints()
                .orElseThrow(() -> new CliErrors.UserError("the policy declares no complaints: section"));
        DecryptionKeys keys = PkiMaterial.decryptionKeys(
                options.cluster.pki(LiaisonHome.resolve()), complaints.oversight(), keyPassphraseFile);
        Optional<Opening> opening;
        try {
            opening = options.officer("show").open(receipt, keys);
        } catch (KafkaException e) {
            throw new CliErrors.UserError("cannot read the complaints topic: " + e.getMessage(), e);
        }
        if (opening.isEmpty()) {
            throw new CliErrors.UserError("no complaint with receipt " + receipt);
        }
        if (opening.get() instanceof Opening.Refused refused) {
            throw new CliErrors.UserError(
                    "the complaint " + receipt + " does not open: " + refused.reason() + ": " + refused.detail());
        }
        Complaint c = Complaint.fromJson(((Opening.Opened) opening.get()).plaintext());
        PrintWriter out = spec.commandLine().getOut();
        if (!agencyView) {
            out.printf(
                    "receipt      %s%nreceived     %s%ncategory     %s%ntime         %s%nplace        %s%n",
                    c.receipt(), c.receivedAt(), c.category(), c.time(), c.place());
            out.printf(
                    "agency       %s%ncontact      %s%ndescription%n%s%n%n",
                    c.agency().orElse("(not given)"), c.contact().orElse("(not given)"), c.description());
            out.println("the agency concerned may receive:");
        }
        AgencyView.of(c, complaints).forEach((field, value) -> out.printf("  %-12s %s%n", field, value));
        return 0;
    }
}
