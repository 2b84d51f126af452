package io.liaison.cli.complaints;

import io.liaison.cli.CliErrors;
import io.liaison.complaints.AgencyView;
import io.liaison.complaints.Complaint;
import io.liaison.complaints.ComplaintRecords;
import io.liaison.complaints.ComplaintsOfficer;
import io.liaison.complaints.Receipts;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.seal.Opening;
import io.liaison.pki.PkiDirectory;
import io.liaison.policy.ComplaintStatus;
import io.liaison.policy.ComplaintsPolicy;
import io.liaison.policy.Policy;
import io.liaison.registry.RegistryException;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PkiMaterial;
import io.liaison.schemas.audit.AuditRecord;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
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
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show a complaint's status, or with --set change it (under-review, referred, closed): the "
                    + "public page shows the new status and the change is a COMPLAINT_STATUS_CHANGED audit "
                    + "record (new status in reasonCode), written in one transaction. --set referred needs --to "
                    + "AGENCY: the complaint is opened with the oversight agency's key and only the fields the "
                    + "policy's complaints.concernedAgencyReceives lists are sealed to AGENCY's key on its "
                    + "referrals topic, in the same transaction. Runs as the complaints-officer Kafka user."
        })
final class ComplaintsStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OfficerOptions options;

    @Parameters(index = "0", paramLabel = "RECEIPT", description = "The complaint's receipt number.")
    String receipt;

    @Option(names = "--set", paramLabel = "STATUS", description = "The new status: under-review, referred or closed.")
    String set;

    @Option(names = "--to", paramLabel = "AGENCY", description = "With --set referred: the agency concerned.")
    String to;

    @Option(names = "--key-passphrase-file", paramLabel = "FILE", description = "Passphrase of an encrypted key.")
    Path keyPassphraseFile;

    @Override
    public Integer call() {
        if (!Receipts.valid(receipt)) {
            throw new CliErrors.UserError(
                    "RECEIPT '" + receipt + "' is not a receipt number (C-XXXXX-XXXXX-XXXXX-XXXXX)");
        }
        ComplaintStatus next = null;
        if (set != null) {
            next = ComplaintStatus.of(set)
                    .filter(s -> s != ComplaintStatus.RECEIVED)
                    .orElseThrow(() -> new CliErrors.UserError(
                            "--set must be one of under-review, referred, closed; was '" + set + "'"));
        }
        if ((next == ComplaintStatus.REFERRED) != (to != null)) {
            throw new CliErrors.UserError("--to AGENCY goes with --set referred, and only with it");
        }
        ComplaintsOfficer officer = options.officer("status");
        try {
            ComplaintRecords.StatusEntry current = officer.statuses().statuses().get(receipt);
            if (current == null) {
                throw new CliErrors.UserError("no complaint with receipt " + receipt);
            }
            if (next == null) {
                spec.commandLine()
                        .getOut()
                        .printf("%s %s since %s%n", receipt, current.status().key(), current.changedAt());
                return 0;
            }
            if (current.status() == next) {
                throw new CliErrors.UserError(receipt + " is already " + next.key() + "; nothing written");
            }
            Policy policy = options.policy();
            ComplaintsPolicy complaints = policy.complaints()
                    .orElseThrow(() -> new CliErrors.UserError("the policy declares no complaints: section"));
            Optional<ComplaintRecords.Referral> referral =
                    to == null ? Optional.empty() : Optional.of(referral(officer, complaints, policy));
            AuditRecord audit = officer.changeStatus(receipt, next, complaints.oversight(), policy.version(), referral);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: %s -> %s%s (audit record %s)%n",
                            receipt,
                            current.status().key(),
                            next.key(),
                            referral.map(r -> ", referred to " + r.agency() + " as " + r.referralId())
                                    .orElse(""),
                            audit.getRecordId());
            return 0;
        } catch (KafkaException | RegistryException e) {
            throw new CliErrors.UserError(
                    "cannot change the status of " + receipt + ": " + e.getMessage() + " (nothing was written)", e);
        }
    }

    /** Opens the complaint with oversight's key and seals what the policy shares to the agency's current key. */
    private ComplaintRecords.Referral referral(ComplaintsOfficer officer, ComplaintsPolicy complaints, Policy policy) {
        if (!policy.agencies().contains(to) || to.equals(complaints.oversight())) {
            throw new CliErrors.UserError(
                    "--to must be an agency of the policy other than " + complaints.oversight() + "; was '" + to + "'");
        }
        PkiDirectory pki = options.cluster.pki(LiaisonHome.resolve());
        DecryptionKeys keys = PkiMaterial.decryptionKeys(pki, complaints.oversight(), keyPassphraseFile);
        Opening opening = officer.open(receipt, keys)
                .orElseThrow(() -> new CliErrors.UserError("no stored complaint with receipt " + receipt));
        if (opening instanceof Opening.Refused refused) {
            throw new CliErrors.UserError(
                    "the complaint " + receipt + " does not open: " + refused.reason() + ": " + refused.detail());
        }
        Complaint complaint = Complaint.fromJson(((Opening.Opened) opening).plaintext());
        EncryptionKey agencyKey = PkiMaterial.trustStore(pki)
                .encryptionKey(to, EncryptionRole.AGENCY, Instant.now())
                .orElseThrow(() -> new CliErrors.UserError(
                        "no valid encryption certificate of " + to + " in " + pki.root() + ": nothing referred"));
        return ComplaintRecords.referral(
                AgencyView.of(complaint, complaints), complaints.oversight(), agencyKey, new SecureRandom());
    }
}
