package io.liaison.cli.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.cli.CliErrors;
import io.liaison.policy.Deliver;
import io.liaison.policy.Deny;
import io.liaison.policy.MessageFacts;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyEngine;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.RecipientDecision;
import io.liaison.policy.RedactionProfile;
import io.liaison.policy.RetentionTerm;
import io.liaison.policy.command.CommandReport;
import io.liaison.policy.redaction.LeafOutcome;
import io.liaison.policy.redaction.Redactor;
import io.liaison.producer.json.JsonToAvro;
import io.liaison.producer.json.JsonToAvroException;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import io.liaison.schemas.LiaisonSchemas;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code liaison policy explain}: the decision for one recipient and, field by field, what redaction does and why. */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Explain what a policy does with one message for one recipient, or (--command) print its unified command.",
            "Prints the decision and its rule, then for each field its path, effective sensitivity tags, "
                    + "the action and the tag that forced it, and the value delivered.",
            "The message file is JSON: {\"sender\": \"cpd\", \"messageType\": \"IncidentReport\", "
                    + "\"classification\": \"CUI\", \"caveats\": [], \"releasability\": [], \"payload\": {...}}."
        })
final class PolicyExplainCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VALUE_WIDTH = 72;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy YAML file.")
    Path policyFile;

    @Option(
            names = "--command",
            description = "Print the command structure instead: roles and points of contact, who may direct whom, "
                    + "and each directive kind's escalation path.")
    boolean command;

    @Option(
            names = "--message",
            paramLabel = "FILE",
            description = "The message as JSON (see above). Required unless --command.")
    Path messageFile;

    @Option(
            names = "--recipient",
            paramLabel = "AGENCY",
            description = "The recipient agency id. Required unless --command.")
    String recipient;

    @Option(
            names = "--purpose",
            paramLabel = "PURPOSE",
            description = "The purpose the recipient declares. Default: its standing purposes, as the inbox feed uses.")
    String purpose;

    @Option(
            names = "--pseudonym-secret-file",
            paramLabel = "FILE",
            description =
                    "Secret (at least 32 bytes) for pseudonyms. Default: a random secret, so pseudonyms differ per run.")
    Path secretFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Policy policy = loadPolicy();
        if (command) {
            out.println("policy      " + policy.name() + " " + policy.version());
            out.println();
            CommandReport.lines(policy.command()).forEach(out::println);
            return 0;
        }
        if (messageFile == null || recipient == null) {
            throw new CliErrors.UserError(
                    "--message and --recipient are required (or --command for the command" + " structure)");
        }
        Message message = readMessage();
        MessageFacts facts = message.facts().withAttributes(PolicyEngine.attributes(policy, message.payload()));
        if (policy.agency(recipient).isEmpty()) {
            throw new CliErrors.UserError(
                    "unknown recipient '" + recipient + "'; the policy's agencies are " + policy.agencies());
        }
        if (recipient.equals(facts.sender())) {
            throw new CliErrors.UserError(
                    "the recipient " + recipient + " is the sender; a sender receives no copy of its own message");
        }

        out.println("policy      " + policy.name() + " " + policy.version());
        out.println("message     " + facts.messageType() + " from " + facts.sender() + ", " + facts.classification()
                + ", caveats " + new TreeSet<>(facts.caveats()) + ", releasability "
                + (facts.releasability().isEmpty() ? "(any)" : new TreeSet<>(facts.releasability()).toString()));
        if (!facts.attributes().isEmpty()) {
            out.println("attributes  " + facts.attributes());
        }
        RecipientDecision decision = purpose == null
                ? PolicyEngine.decide(policy, facts).stream()
                        .filter(d -> d.recipient().equals(recipient))
                        .findFirst()
                        .orElseThrow()
                : PolicyEngine.decide(policy, facts, recipient, purpose);
        out.println("recipient   " + recipient
                + (purpose == null
                        ? " (standing purposes "
                                + policy.agency(recipient).orElseThrow().standing() + ")"
                        : " declaring purpose " + purpose));

        if (decision instanceof Deny deny) {
            out.println("decision    DENY by " + deny.ruleId() + ": " + deny.reason());
            out.println("            nothing is delivered to " + recipient);
            return 0;
        }
        Deliver deliver = (Deliver) decision;
        RedactionProfile profile = policy.profile(deliver.profile()).orElseThrow();
        out.println("decision    DELIVER under purpose " + deliver.purpose() + " by rule " + deliver.ruleId() + ": "
                + policy.rule(deliver.ruleId()).orElseThrow().description());
        out.println(
                "profile     " + profile.name() + ": " + profile.description().strip());
        out.println("retention   "
                + policy.retention(recipient, facts.messageType())
                        .map(RetentionTerm::toString)
                        .orElse("none declared; the inbox topic's retention applies (liaison admin apply)"));
        out.println();
        // pseudonyms as the backbone makes them now: this period's keys
        Duration period = SettingSources.of(LiaisonHome.resolve()).require(LiaisonSettings.PSEUDONYM_PERIOD, null);
        List<LeafOutcome> outcomes =
                new Redactor(secret(), period, Clock.systemUTC()).explain(profile, recipient, message.payload());
        int width = outcomes.stream().mapToInt(o -> o.path().length()).max().orElse(5);
        out.printf("%-" + width + "s  %-32s  %-12s  %s%n", "field", "tags", "action", "why");
        for (LeafOutcome o : outcomes) {
            out.printf(
                    "%-" + width + "s  %-32s  %-12s  %s%n",
                    o.path(),
                    String.join(",", new TreeSet<>(o.tags())),
                    o.applied(),
                    why(o));
            if (!Objects.equals(String.valueOf(o.before()), String.valueOf(o.after()))) {
                out.printf("%-" + width + "s    -> %s%n", "", shorten(o.after()));
            }
        }
        if (secretFile == null) {
            out.println();
            out.println("(pseudonyms use a random secret for this run; pass --pseudonym-secret-file to fix them)");
        }
        return 0;
    }

    private static String why(LeafOutcome o) {
        String why = o.forcedBy() + ": "
                + (o.namedByProfile() ? o.requested().name() : "not in profile, so DROP (default deny)");
        return o.note().isEmpty() ? why : why + "; " + o.note();
    }

    /** Strings quoted, so that a withheld "" is visible; long values cut to one line. */
    private static String shorten(Object value) {
        String s = String.valueOf(value).replace('\n', ' ');
        String cut = s.length() <= VALUE_WIDTH ? s : s.substring(0, VALUE_WIDTH - 3) + "...";
        return value instanceof CharSequence ? "\"" + cut + "\"" : cut;
    }

    private Policy loadPolicy() {
        try {
            return PolicyLoader.load(policyFile);
        } catch (PolicyException e) {
            throw new CliErrors.UserError("invalid policy:\n  " + String.join("\n  ", e.errors()));
        }
    }

    private record Message(MessageFacts facts, GenericRecord payload) {}

    private Message readMessage() {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(messageFile));
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot read message " + messageFile + ": " + e.getMessage(), e);
        }
        String type = text(root, "messageType");
        Schema schema = LiaisonSchemas.payloadSchema(type)
                .orElseThrow(() -> new CliErrors.UserError(messageFile + ": messageType: unknown type '" + type
                        + "'; types are " + LiaisonSchemas.messageTypes()));
        JsonNode payload = root.get("payload");
        if (payload == null) {
            throw new CliErrors.UserError(messageFile + ": payload: missing");
        }
        try {
            MessageFacts facts = new MessageFacts(
                    text(root, "sender"),
                    type,
                    text(root, "classification"),
                    strings(root, "caveats"),
                    strings(root, "releasability"),
                    Map.of());
            return new Message(facts, JsonToAvro.convert(payload, schema));
        } catch (JsonToAvroException e) {
            throw new CliErrors.UserError(messageFile + ": payload does not fit " + type + ":\n  payload."
                    + String.join(
                            "\n  payload.",
                            e.errors().stream().map(Object::toString).toList()));
        }
    }

    private String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new CliErrors.UserError(messageFile + ": " + field + ": expected a non-empty string");
        }
        return n.asText();
    }

    private Set<String> strings(JsonNode root, String field) {
        JsonNode n = root.get(field);
        Set<String> out = new LinkedHashSet<>();
        if (n == null) {
            return out;
        }
        if (!n.isArray()) {
            throw new CliErrors.UserError(messageFile + ": " + field + ": expected a list of strings");
        }
        n.forEach(item -> out.add(item.asText()));
        return out;
    }

    private byte[] secret() {
        if (secretFile == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        try {
            byte[] secret = Files.readAllBytes(secretFile);
            if (secret.length < 32) {
                throw new CliErrors.UserError(
                        secretFile + ": a pseudonym secret needs at least 32 bytes, has " + secret.length);
            }
            return secret;
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot read " + secretFile + ": " + e.getMessage(), e);
        }
    }
}
