package io.liaison.cli.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liaison.cli.CliErrors;
import io.liaison.cli.Since;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.trust.AgencyIds;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List quarantined inputs, oldest first per partition: id, time, reason code, sending "
                    + "agency, message id and where the input arrived. Headers only: nothing here needs the "
                    + "officer's key."
        })
final class QuarantineListCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROW = "%-12s %-24s %-26s %-8s %-38s %s%n";

    @Spec
    CommandSpec spec;

    @Mixin
    QuarantineSource source;

    @Option(
            names = "--reason",
            paramLabel = "CODE",
            description = "Only this reason code (e.g. UNKNOWN_KEY, REPLAY; see `liaison quarantine list` output).")
    String reason;

    @Option(
            names = "--agency",
            paramLabel = "AGENCY",
            description = "Only inputs that arrived on this agency's ingress topic.")
    String agency;

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            description = "Only records quarantined at or after WHEN: a duration back from now (30m, 2h, 7d, PT2H), "
                    + "a date (2025-03-01, UTC) or an instant (2025-03-01T08:00:00Z).")
    String since;

    @Option(names = "--json", description = "One JSON object per line instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        String reasonCode = reason == null ? null : reasonCode(reason);
        if (agency != null) {
            try {
                AgencyIds.require(agency);
            } catch (IllegalArgumentException e) {
                throw new CliErrors.UserError("--agency: " + e.getMessage());
            }
        }
        Instant from = since == null ? null : Since.parse("--since", since, Clock.systemUTC());
        List<QuarantineSource.Quarantined> all = source.readAll();
        List<QuarantineSource.Quarantined> shown = all.stream()
                .filter(q -> reasonCode == null || reasonCode.equals(q.header().getReasonCode()))
                .filter(q -> agency == null || agency.equals(q.sender()))
                .filter(q -> from == null || !q.header().getQuarantinedAt().isBefore(from))
                .toList();
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf(ROW, "ID", "QUARANTINED AT", "REASON", "SENDER", "MESSAGE ID", "SOURCE");
        }
        for (QuarantineSource.Quarantined q : shown) {
            QuarantineRecord h = q.header();
            String source = h.getSourceTopic() + "-" + h.getSourcePartition() + "@" + h.getSourceOffset();
            if (json) {
                ObjectNode line = JSON.createObjectNode()
                        .put("id", q.id().toString())
                        .put("quarantinedAt", h.getQuarantinedAt().toString())
                        .put("reasonCode", h.getReasonCode())
                        .put("sender", q.sender())
                        .put("messageId", h.getMessageId())
                        .put("sourceTopic", h.getSourceTopic())
                        .put("sourcePartition", h.getSourcePartition())
                        .put("sourceOffset", h.getSourceOffset())
                        .put("originalKept", h.getSealedOriginal() != null);
                out.println(line);
            } else {
                out.printf(
                        ROW,
                        q.id(),
                        h.getQuarantinedAt(),
                        h.getReasonCode(),
                        Objects.requireNonNullElse(q.sender(), "-"),
                        Objects.requireNonNullElse(h.getMessageId(), "-"),
                        source);
            }
        }
        if (!json) {
            out.printf("%d of %d quarantine records%n", shown.size(), all.size());
        }
        return 0;
    }

    /** A reason code the backbone can write, in any case; a typo would otherwise silently list nothing. */
    private static String reasonCode(String given) {
        try {
            return RejectionReason.valueOf(given.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(
                    "--reason " + given + " is not a reason code; one of " + Arrays.toString(RejectionReason.values()));
        }
    }
}
