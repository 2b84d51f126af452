package io.liaison.cli.complaints;

import io.liaison.cli.CliErrors;
import io.liaison.complaints.ComplaintRecords;
import io.liaison.complaints.ComplaintsOfficer;
import io.liaison.complaints.Receipts;
import io.liaison.policy.ComplaintStatus;
import io.liaison.policy.ComplaintsPolicy;
import io.liaison.policy.Policy;
import io.liaison.registry.RegistryException;
import io.liaison.schemas.audit.AuditRecord;
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
            "Show a complaint's status, or with --set change it (under-review, referred, closed): the public page shows the",
            "new status and the change is a COMPLAINT_STATUS_CHANGED audit record (new status in reasonCode), written in",
            "one transaction. Runs as the complaints-officer Kafka user."
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
            String oversight = policy.complaints()
                    .map(ComplaintsPolicy::oversight)
                    .orElseThrow(() -> new CliErrors.UserError("the policy declares no complaints: section"));
            AuditRecord audit = officer.changeStatus(receipt, next, oversight, policy.version());
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: %s -> %s (audit record %s)%n",
                            receipt, current.status().key(), next.key(), audit.getRecordId());
            return 0;
        } catch (KafkaException | RegistryException e) {
            throw new CliErrors.UserError(
                    "cannot change the status of " + receipt + ": " + e.getMessage() + " (nothing was written)", e);
        }
    }
}
