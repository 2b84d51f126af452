package io.liaison.policy;

import io.liaison.kernel.crypto.Digests;
import io.liaison.policy.YamlTree.Entry;
import io.liaison.policy.YamlTree.ListNode;
import io.liaison.policy.YamlTree.MapNode;
import io.liaison.policy.YamlTree.Node;
import io.liaison.policy.YamlTree.Scalar;
import io.liaison.policy.command.CommandRole;
import io.liaison.policy.command.CommandStructure;
import io.liaison.policy.command.DirectiveKind;
import io.liaison.policy.command.EscalationStep;
import io.liaison.policy.command.RoleRef;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.Sensitivity;
import io.liaison.schemas.envelope.Classification;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * Reads and validates a policy file. Every problem is collected, not only the first, and each is
 * reported as {@code file:line: key: message}, where {@code key} is the dotted path to the bad key
 * (e.g. {@code rules[3].match.recipients}). A policy with any error is refused as a whole.
 *
 * <p>The file format is documented in {@code policy/README.md} and by example in {@code config/policy.yaml}.
 */
public final class PolicyLoader {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Set<String> BUILT_IN_RULE_IDS = Set.of(
            PolicyEngine.DEFAULT_DENY,
            PolicyEngine.RELEASABILITY,
            PolicyEngine.PUBLISHER_AUTHORITY,
            PolicyEngine.UNKNOWN_SENDER,
            PolicyEngine.PURPOSE_NOT_DECLARED);

    private PolicyLoader() {}

    public static Policy load(Path file) throws PolicyException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(List.of(file + ":0: (file): cannot read: " + e.getMessage()));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(List.of(file + ":0: (file): not valid UTF-8"));
        }
        return parse(file.toString(), text);
    }

    /** Validates {@code yaml}; {@code sourceName} prefixes every error (a file name, or e.g. {@code policy-topic}). */
    public static Policy parse(String sourceName, String yaml) throws PolicyException {
        List<YamlTree.Duplicate> duplicates = new ArrayList<>();
        Node root;
        try {
            root = YamlTree.parse(yaml, duplicates);
        } catch (YamlTree.SyntaxError e) {
            throw new PolicyException(List.of(sourceName + ":" + e.line + ": (syntax): " + e.getMessage()));
        }
        Reader reader = new Reader(sourceName);
        duplicates.forEach(d -> reader.error(d.line(), d.path(), "duplicate key"));
        Policy policy = reader.policy(root, yaml);
        if (!reader.errors.isEmpty()) {
            throw new PolicyException(reader.errors);
        }
        return policy;
    }

    /** The version id of a policy text: {@code "sha256:"} + hex of its UTF-8 bytes. */
    public static String versionOf(String yaml) {
        return "sha256:" + Digests.hex(Digests.sha256(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    /** One validation pass; collects errors and returns a policy that is meaningful only if there were none. */
    private static final class Reader {
        private final String source;
        private final List<String> errors = new ArrayList<>();
        private final Map<String, Agency> agencies = new LinkedHashMap<>();
        private final Map<String, String> purposes = new LinkedHashMap<>();
        private final Map<String, RedactionProfile> profiles = new LinkedHashMap<>();

        Reader(String source) {
            this.source = source;
        }

        void error(int line, String key, String message) {
            errors.add(source + ":" + line + ": " + key + ": " + message);
        }

        Policy policy(Node root, String yaml) {
            if (root == null) {
                error(1, "(document)", "the policy is empty");
                return null;
            }
            MapNode top = map(root, "(document)");
            if (top == null) {
                return null;
            }
            onlyKeys(
                    top,
                    "",
                    Set.of(
                            "name",
                            "description",
                            "purposes",
                            "agencies",
                            "publishers",
                            "profiles",
                            "rules",
                            "approvals",
                            "retention",
                            "command",
                            "complaints"));
            String name = requiredText(top, "name", "");
            optionalText(top, "description", "");
            required(top, "purposes", "").ifPresent(n -> readPurposes(n));
            required(top, "agencies", "").ifPresent(n -> readAgencies(n));
            Map<String, Set<String>> publishers =
                    required(top, "publishers", "").map(this::readPublishers).orElse(Map.of());
            required(top, "profiles", "").ifPresent(n -> readProfiles(n));
            List<Rule> rules = required(top, "rules", "").map(this::readRules).orElse(List.of());
            ApprovalQuorum approvals =
                    required(top, "approvals", "").map(this::readApprovals).orElse(null);
            Map<String, RecipientRetention> retention = Optional.ofNullable(
                            top.entries().get("retention"))
                    .map(e -> readRetention(e.value()))
                    .orElse(Map.of());
            CommandStructure command = Optional.ofNullable(top.entries().get("command"))
                    .map(e -> readCommand(e.value()))
                    .orElse(CommandStructure.NONE);
            ComplaintsPolicy complaints = Optional.ofNullable(top.entries().get("complaints"))
                    .map(e -> readComplaints(e.value()))
                    .orElse(null);
            if (!errors.isEmpty()) {
                return null;
            }
            return new Policy(
                    source,
                    yaml,
                    versionOf(yaml),
                    name,
                    agencies,
                    purposes,
                    publishers,
                    profiles,
                    rules,
                    approvals,
                    retention,
                    command,
                    complaints);
        }

        private void readPurposes(Node node) {
            MapNode m = map(node, "purposes");
            if (m == null) {
                return;
            }
            if (m.entries().isEmpty()) {
                error(m.line(), "purposes", "declare at least one purpose");
            }
            m.entries().forEach((id, entry) -> {
                String key = "purposes." + id;
                checkId(entry.keyLine(), key, id);
                text(entry.value(), key).ifPresent(description -> purposes.put(id, description));
            });
        }

        private void readAgencies(Node node) {
            MapNode m = map(node, "agencies");
            if (m == null) {
                return;
            }
            if (m.entries().isEmpty()) {
                error(m.line(), "agencies", "declare at least one agency");
            }
            m.entries().forEach((id, entry) -> {
                String key = "agencies." + id;
                checkId(entry.keyLine(), key, id);
                MapNode a = map(entry.value(), key);
                if (a == null) {
                    return;
                }
                onlyKeys(a, key, Set.of("name", "role", "purposes", "standing"));
                String name = requiredText(a, "name", key);
                String role = requiredText(a, "role", key);
                List<String> declared = required(a, "purposes", key)
                        .map(n -> known(n, key + ".purposes", purposes.keySet(), "purpose"))
                        .orElse(List.of());
                List<String> standing = required(a, "standing", key)
                        .map(n -> known(
                                n, key + ".standing", new LinkedHashSet<>(declared), "purpose this agency declares"))
                        .orElse(List.of());
                agencies.put(id, new Agency(id, name, role, declared, standing));
            });
        }

        private Map<String, Set<String>> readPublishers(Node node) {
            Map<String, Set<String>> out = new LinkedHashMap<>();
            MapNode m = map(node, "publishers");
            if (m == null) {
                return out;
            }
            m.entries().forEach((agency, entry) -> {
                String key = "publishers." + agency;
                if (!agencies.containsKey(agency)) {
                    error(entry.keyLine(), key, "unknown agency '" + agency + "'; known: " + agencies.keySet());
                }
                List<String> types = known(entry.value(), key, messageTypes(), "message type");
                if (types.contains(LiaisonSchemas.ESCALATION)) {
                    error(
                            entry.value().line(),
                            key,
                            LiaisonSchemas.ESCALATION + " is issued by the backbone alone, when a directive goes"
                                    + " unanswered; no agency may publish it");
                }
                out.put(agency, new LinkedHashSet<>(types));
            });
            return out;
        }

        private void readProfiles(Node node) {
            MapNode m = map(node, "profiles");
            if (m == null) {
                return;
            }
            m.entries().forEach((name, entry) -> {
                String key = "profiles." + name;
                checkId(entry.keyLine(), key, name);
                MapNode p = map(entry.value(), key);
                if (p == null) {
                    return;
                }
                onlyKeys(p, key, Set.of("description", "actions", "masks"));
                String description = requiredText(p, "description", key);
                Map<String, Action> actions = new HashMap<>();
                required(p, "actions", key)
                        .map(n -> map(n, key + ".actions"))
                        .ifPresent(a -> a.entries().forEach((tag, e) -> {
                            String tagKey = key + ".actions." + tag;
                            if (Sensitivity.parse(tag)
                                    .filter(s -> s.name().equals(tag))
                                    .isEmpty()) {
                                error(
                                        e.keyLine(),
                                        tagKey,
                                        "unknown sensitivity tag '" + tag + "'; tags are "
                                                + List.of(Sensitivity.values()));
                            }
                            text(e.value(), tagKey)
                                    .ifPresent(actionName -> action(e.value().line(), tagKey, actionName)
                                            .ifPresent(action -> {
                                                if (action == Action.REDACT_TEXT
                                                        && !tag.equals(Sensitivity.FREE_TEXT.name())) {
                                                    error(
                                                            e.value().line(),
                                                            tagKey,
                                                            "REDACT_TEXT is meant for FREE_TEXT; use MASK or DROP for "
                                                                    + tag);
                                                }
                                                actions.put(tag, action);
                                            }));
                        }));
                Map<String, MaskStyle> masks = Optional.ofNullable(p.entries().get("masks"))
                        .map(e -> readMasks(e.value(), key + ".masks", actions))
                        .orElse(Map.of());
                profiles.put(name, new RedactionProfile(name, description, actions, masks));
            });
        }

        /** Per masked tag, its mask style; only tags the profile masks, and a name only FULL. */
        private Map<String, MaskStyle> readMasks(Node node, String key, Map<String, Action> actions) {
            Map<String, MaskStyle> masks = new HashMap<>();
            MapNode m = map(node, key);
            if (m == null) {
                return masks;
            }
            m.entries().forEach((tag, e) -> {
                String tagKey = key + "." + tag;
                if (actions.get(tag) != Action.MASK) {
                    error(
                            e.keyLine(),
                            tagKey,
                            "the profile does not MASK " + tag
                                    + (actions.containsKey(tag) ? " (its action is " + actions.get(tag) + ")" : "")
                                    + ", so it takes no mask style");
                    return;
                }
                text(e.value(), tagKey).ifPresent(styleName -> {
                    MaskStyle style;
                    try {
                        style = MaskStyle.valueOf(styleName.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException ex) {
                        error(
                                e.value().line(),
                                tagKey,
                                "unknown mask style '" + styleName + "'; styles are " + List.of(MaskStyle.values()));
                        return;
                    }
                    if (tag.equals(Sensitivity.NAME.name()) && style != MaskStyle.FULL) {
                        error(e.value().line(), tagKey, "a masked name shows nothing of itself: NAME masks FULL");
                        return;
                    }
                    masks.put(tag, style);
                });
            });
            return masks;
        }

        private List<Rule> readRules(Node node) {
            List<Rule> out = new ArrayList<>();
            if (!(node instanceof ListNode list)) {
                error(node.line(), "rules", "expected a list of rules");
                return out;
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < list.items().size(); i++) {
                String position = "rules[" + i + "]";
                MapNode r = map(list.items().get(i), position);
                if (r == null) {
                    continue;
                }
                onlyKeys(r, position, Set.of("id", "description", "effect", "profile", "match"));
                String id = requiredText(r, "id", position);
                if (id != null) {
                    int line = r.entries().get("id").keyLine();
                    checkId(line, position + ".id", id);
                    if (BUILT_IN_RULE_IDS.contains(id)) {
                        error(line, position + ".id", "'" + id + "' is reserved for the engine's built-in decisions");
                    } else if (!ids.add(id)) {
                        error(line, position + ".id", "duplicate rule id '" + id + "'");
                    }
                }
                // Later keys name the rule as well as its position: "rules[3](ice-civil-warrants).profile".
                String key = id == null ? position : position + "(" + id + ")";
                String description = requiredText(r, "description", key);
                Rule.Effect effect = requiredText(r, "effect", key) == null ? null : effect(r, key);
                String profile = optionalText(r, "profile", key);
                if (effect == Rule.Effect.ALLOW && profile == null) {
                    error(
                            r.entries().get("effect").keyLine(),
                            key + ".profile",
                            "an allow rule names the redaction profile to apply");
                } else if (effect == Rule.Effect.DENY && profile != null) {
                    error(
                            r.entries().get("profile").keyLine(),
                            key + ".profile",
                            "a deny rule delivers nothing, so takes no profile");
                } else if (profile != null && !profiles.containsKey(profile)) {
                    error(
                            r.entries().get("profile").value().line(),
                            key + ".profile",
                            "unknown profile '" + profile + "'; profiles: " + profiles.keySet());
                }
                RuleMatch match = required(r, "match", key)
                        .map(n -> readMatch(n, key + ".match"))
                        .orElse(null);
                if (id != null
                        && description != null
                        && effect != null
                        && match != null
                        && (effect == Rule.Effect.DENY || profiles.containsKey(profile))) {
                    out.add(new Rule(id, description, effect, match, effect == Rule.Effect.ALLOW ? profile : null));
                }
            }
            return out;
        }

        private Rule.Effect effect(MapNode r, String key) {
            Node n = r.entries().get("effect").value();
            String text = ((Scalar) n).text();
            return switch (text) {
                case "allow" -> Rule.Effect.ALLOW;
                case "deny" -> Rule.Effect.DENY;
                default -> {
                    error(n.line(), key + ".effect", "expected 'allow' or 'deny', got '" + text + "'");
                    yield null;
                }
            };
        }

        private RuleMatch readMatch(Node node, String key) {
            MapNode m = map(node, key);
            if (m == null) {
                return null;
            }
            onlyKeys(
                    m,
                    key,
                    Set.of(
                            "messageTypes",
                            "senders",
                            "recipients",
                            "classifications",
                            "withCaveats",
                            "withoutCaveats",
                            "purposes",
                            "attributes"));
            Set<String> types = set(m, "messageTypes", key, messageTypes(), "message type");
            Set<String> senders = set(m, "senders", key, agencies.keySet(), "agency");
            Set<String> recipients = set(m, "recipients", key, agencies.keySet(), "agency");
            Set<String> classifications = set(m, "classifications", key, classifications(), "classification");
            Set<String> withCaveats = set(m, "withCaveats", key, null, null);
            Set<String> withoutCaveats = set(m, "withoutCaveats", key, null, null);
            Set<String> rulePurposes = set(m, "purposes", key, purposes.keySet(), "purpose");
            for (String recipient : recipients) {
                Agency agency = agencies.get(recipient);
                if (agency != null
                        && !rulePurposes.isEmpty()
                        && rulePurposes.stream().noneMatch(agency.purposes()::contains)) {
                    error(
                            m.entries().get("purposes").keyLine(),
                            key + ".purposes",
                            "recipient '" + recipient + "' declares none of " + rulePurposes
                                    + ", so the rule can never apply to it");
                }
            }
            Map<String, Set<String>> attributes = new LinkedHashMap<>();
            Optional.ofNullable(m.entries().get("attributes")).ifPresent(entry -> {
                String attrKey = key + ".attributes";
                MapNode a = map(entry.value(), attrKey);
                if (a == null) {
                    return;
                }
                if (types.isEmpty()) {
                    error(
                            entry.keyLine(),
                            attrKey,
                            "attributes name payload fields, so the rule must list its messageTypes");
                }
                a.entries().forEach((field, e) -> {
                    String fieldKey = attrKey + "." + field;
                    Set<String> allowedValues = attributeValues(types, field, e.keyLine(), fieldKey);
                    attributes.put(
                            field, new LinkedHashSet<>(known(e.value(), fieldKey, allowedValues, "value of " + field)));
                });
            });
            return new RuleMatch(
                    types, senders, recipients, classifications, withCaveats, withoutCaveats, rulePurposes, attributes);
        }

        /** The symbols a top-level attribute field may take (null: any text), after checking it exists in each type. */
        private Set<String> attributeValues(Set<String> types, String field, int line, String key) {
            Set<String> symbols = null;
            for (String type : types) {
                Schema schema = LiaisonSchemas.payloadSchema(type).orElseThrow();
                Schema.Field f = schema.getField(field);
                if (f == null) {
                    error(line, key, type + " has no top-level field '" + field + "'");
                    continue;
                }
                Schema fs = f.schema();
                switch (fs.getType()) {
                    case ENUM -> symbols = new LinkedHashSet<>(fs.getEnumSymbols());
                    case STRING, INT, LONG, BOOLEAN -> {}
                    default ->
                        error(
                                line,
                                key,
                                type + "." + field + " is a " + fs.getType()
                                        + "; rules may match only on string, number, boolean or enum fields");
                }
            }
            return symbols;
        }

        private ApprovalQuorum readApprovals(Node node) {
            MapNode m = map(node, "approvals");
            if (m == null) {
                return null;
            }
            onlyKeys(m, "approvals", Set.of("required", "approvers"));
            List<String> approvers = required(m, "approvers", "approvals")
                    .map(n -> known(n, "approvals.approvers", agencies.keySet(), "agency"))
                    .orElse(List.of());
            String required = requiredText(m, "required", "approvals");
            if (required == null) {
                return null;
            }
            int line = m.entries().get("required").value().line();
            int n;
            try {
                n = Integer.parseInt(required);
            } catch (NumberFormatException e) {
                error(line, "approvals.required", "expected a whole number, got '" + required + "'");
                return null;
            }
            if (new HashSet<>(approvers).size() != approvers.size()) {
                error(m.entries().get("approvers").keyLine(), "approvals.approvers", "an agency is listed twice");
            }
            if (n < 1 || n > approvers.size()) {
                error(
                        line,
                        "approvals.required",
                        "must be between 1 and the number of approvers (" + approvers.size() + "), was " + n);
                return null;
            }
            if (n == 1) {
                error(
                        line,
                        "approvals.required",
                        "must be at least 2, so that no single agency can change the policy alone");
                return null;
            }
            return new ApprovalQuorum(n, new LinkedHashSet<>(approvers));
        }

        private Map<String, RecipientRetention> readRetention(Node node) {
            Map<String, RecipientRetention> out = new LinkedHashMap<>();
            MapNode m = map(node, "retention");
            if (m == null) {
                return out;
            }
            m.entries().forEach((agency, entry) -> {
                String key = "retention." + agency;
                if (!agencies.containsKey(agency)) {
                    error(entry.keyLine(), key, "unknown agency '" + agency + "'; known: " + agencies.keySet());
                }
                MapNode a = map(entry.value(), key);
                if (a == null) {
                    return;
                }
                onlyKeys(a, key, Set.of("inbox", "reviewEvery", "messageTypes"));
                Optional<Period> keep = required(a, "inbox", key).flatMap(n -> period(n, key + ".inbox"));
                Optional<Period> review = optionalPeriod(a, "reviewEvery", key);
                // an invalid default is reported once; the overrides are still checked against what is valid
                RetentionTerm inbox =
                        keep.map(k -> new RetentionTerm(k, review)).orElse(null);
                if (inbox != null) {
                    checkReviewed(a.entries().get("inbox").keyLine(), key + ".inbox", inbox);
                }
                Map<String, RetentionTerm> byType = new LinkedHashMap<>();
                Optional.ofNullable(a.entries().get("messageTypes"))
                        .map(e -> map(e.value(), key + ".messageTypes"))
                        .ifPresent(types -> types.entries().forEach((type, te) -> {
                            String typeKey = key + ".messageTypes." + type;
                            if (!messageTypes().contains(type)) {
                                error(
                                        te.keyLine(),
                                        typeKey,
                                        "unknown message type '" + type + "'; known: " + messageTypes());
                                return;
                            }
                            MapNode t = map(te.value(), typeKey);
                            if (t == null) {
                                return;
                            }
                            onlyKeys(t, typeKey, Set.of("inbox", "reviewEvery"));
                            if (t.entries().isEmpty()) {
                                error(te.keyLine(), typeKey, "declare inbox, reviewEvery or both");
                                return;
                            }
                            Optional<Period> typeKeep =
                                    optionalPeriod(t, "inbox", typeKey).or(() -> keep);
                            Optional<Period> typeReview =
                                    optionalPeriod(t, "reviewEvery", typeKey).or(() -> review);
                            typeKeep.ifPresent(k -> {
                                RetentionTerm term = new RetentionTerm(k, typeReview);
                                checkReviewed(te.keyLine(), typeKey, term);
                                byType.put(type, term);
                            });
                        }));
                if (inbox != null) {
                    out.put(agency, new RecipientRetention(agency, inbox, byType));
                }
            });
            return out;
        }

        private ComplaintsPolicy readComplaints(Node node) {
            MapNode m = map(node, "complaints");
            if (m == null) {
                return null;
            }
            onlyKeys(m, "complaints", Set.of("oversight", "categories", "concernedAgencyReceives", "publicAgency"));
            Optional<String> publicAgency = Optional.ofNullable(optionalText(m, "publicAgency", "complaints"));
            publicAgency
                    .filter(a -> !agencies.containsKey(a))
                    .ifPresent(a -> error(
                            m.entries().get("publicAgency").keyLine(),
                            "complaints.publicAgency",
                            "unknown agency '" + a + "'; known: " + agencies.keySet()));
            String oversight = requiredText(m, "oversight", "complaints");
            if (oversight != null && !agencies.containsKey(oversight)) {
                error(
                        m.entries().get("oversight").keyLine(),
                        "complaints.oversight",
                        "unknown agency '" + oversight + "'; known: " + agencies.keySet());
            }
            Map<String, String> categories = new LinkedHashMap<>();
            required(m, "categories", "complaints")
                    .map(n -> map(n, "complaints.categories"))
                    .ifPresent(c -> {
                        if (c.entries().isEmpty()) {
                            error(c.line(), "complaints.categories", "declare at least one category");
                        }
                        c.entries().forEach((id, entry) -> {
                            String key = "complaints.categories." + id;
                            checkId(entry.keyLine(), key, id);
                            text(entry.value(), key).ifPresent(description -> categories.put(id, description));
                        });
                    });
            Set<ComplaintsPolicy.ComplaintField> receives = new LinkedHashSet<>();
            Entry shared = m.entries().get("concernedAgencyReceives");
            if (shared != null) {
                // contact is not a ComplaintField: the complainant's identity is never the agency's to receive
                for (String field : known(
                        shared.value(),
                        "complaints.concernedAgencyReceives",
                        new LinkedHashSet<>(ComplaintsPolicy.ComplaintField.keys()),
                        "complaint field (the complainant's contact never leaves oversight)")) {
                    receives.add(ComplaintsPolicy.ComplaintField.valueOf(field.toUpperCase(Locale.ROOT)));
                }
            }
            return oversight == null ? null : new ComplaintsPolicy(oversight, categories, receives, publicAgency);
        }

        /** 28 CFR 23.20(h): held longer than five years only if reviewed and validated at least that often. */
        private void checkReviewed(int line, String key, RetentionTerm term) {
            if (longer(term.keep(), RetentionTerm.UNREVIEWED_LIMIT)
                    && term.reviewEvery()
                            .filter(p -> !longer(p, RetentionTerm.UNREVIEWED_LIMIT))
                            .isEmpty()) {
                error(
                        line,
                        key,
                        "kept " + term.keep() + ", longer than " + RetentionTerm.UNREVIEWED_LIMIT
                                + ", without a reviewEvery of at most " + RetentionTerm.UNREVIEWED_LIMIT
                                + " (28 CFR 23.20(h))");
            }
        }

        private static boolean longer(Period a, Period b) {
            LocalDate from = LocalDate.of(2000, 1, 1);
            return from.plus(a).isAfter(from.plus(b));
        }

        private Optional<Period> optionalPeriod(MapNode m, String name, String parent) {
            Entry e = m.entries().get(name);
            return e == null ? Optional.empty() : period(e.value(), join(parent, name));
        }

        private Optional<Period> period(Node node, String key) {
            return text(node, key).flatMap(text -> {
                try {
                    Period p = Period.parse(text);
                    if (!p.isNegative() && !p.isZero() && p.getYears() >= 0 && p.getMonths() >= 0 && p.getDays() >= 0) {
                        return Optional.of(p);
                    }
                } catch (DateTimeParseException e) {
                    // reported below
                }
                error(node.line(), key, "expected a positive ISO-8601 period such as P30D or P1Y, got '" + text + "'");
                return Optional.empty();
            });
        }

        /** The {@code command:} section: roles per agency with their points of contact, then directive kinds. */
        private CommandStructure readCommand(Node node) {
            MapNode m = map(node, "command");
            if (m == null) {
                return CommandStructure.NONE;
            }
            onlyKeys(m, "command", Set.of("purpose", "roles", "directives"));
            String purpose = requiredText(m, "purpose", "command");
            if (purpose != null && !purposes.containsKey(purpose)) {
                error(
                        m.entries().get("purpose").value().line(),
                        "command.purpose",
                        "unknown purpose '" + purpose + "'; known: " + purposes.keySet());
            }
            Map<RoleRef, CommandRole> roles = new LinkedHashMap<>();
            required(m, "roles", "command")
                    .map(n -> map(n, "command.roles"))
                    .ifPresent(byAgency -> byAgency.entries().forEach((agency, entry) -> {
                        String agencyKey = "command.roles." + agency;
                        if (!agencies.containsKey(agency)) {
                            error(
                                    entry.keyLine(),
                                    agencyKey,
                                    "unknown agency '" + agency + "'; known: " + agencies.keySet());
                            return;
                        }
                        MapNode held = map(entry.value(), agencyKey);
                        if (held == null) {
                            return;
                        }
                        if (purpose != null && !agencies.get(agency).purposes().contains(purpose)) {
                            error(
                                    entry.keyLine(),
                                    agencyKey,
                                    agency + " holds command roles, so it must declare the command purpose '" + purpose
                                            + "' (agencies." + agency + ".purposes)");
                        }
                        held.entries().forEach((role, e) -> {
                            String key = agencyKey + "." + role;
                            checkId(e.keyLine(), key, role);
                            MapNode r = map(e.value(), key);
                            if (r == null) {
                                return;
                            }
                            onlyKeys(r, key, Set.of("title", "contact", "channel"));
                            String title = requiredText(r, "title", key);
                            String contact = requiredText(r, "contact", key);
                            String channel = requiredText(r, "channel", key);
                            if (ID.matcher(role).matches()) {
                                RoleRef ref = new RoleRef(agency, role);
                                roles.put(ref, new CommandRole(ref, title, contact, channel));
                            }
                        });
                    }));
            Map<String, DirectiveKind> kinds = new LinkedHashMap<>();
            required(m, "directives", "command")
                    .map(n -> map(n, "command.directives"))
                    .ifPresent(d -> d.entries().forEach((kind, entry) -> {
                        String key = "command.directives." + kind;
                        checkId(entry.keyLine(), key, kind);
                        readDirectiveKind(kind, entry.value(), key, roles.keySet())
                                .ifPresent(k -> kinds.put(kind, k));
                    }));
            return new CommandStructure(purpose, roles, kinds);
        }

        private Optional<DirectiveKind> readDirectiveKind(String kind, Node node, String key, Set<RoleRef> roles) {
            MapNode k = map(node, key);
            if (k == null) {
                return Optional.empty();
            }
            onlyKeys(k, key, Set.of("description", "grants", "escalation"));
            String description = requiredText(k, "description", key);
            Map<RoleRef, Set<RoleRef>> grants = new LinkedHashMap<>();
            required(k, "grants", key).ifPresent(n -> {
                if (!(n instanceof ListNode list) || list.items().isEmpty()) {
                    error(n.line(), key + ".grants", "expected a non-empty list of {from: agency/role, to: [...]}");
                    return;
                }
                for (int i = 0; i < list.items().size(); i++) {
                    String grantKey = key + ".grants[" + i + "]";
                    MapNode g = map(list.items().get(i), grantKey);
                    if (g == null) {
                        continue;
                    }
                    onlyKeys(g, grantKey, Set.of("from", "to"));
                    Optional<RoleRef> from =
                            required(g, "from", grantKey).flatMap(f -> role(f, grantKey + ".from", roles));
                    List<RoleRef> to = required(g, "to", grantKey)
                            .map(t -> roleList(t, grantKey + ".to", roles))
                            .orElse(List.of());
                    from.ifPresent(f -> {
                        if (grants.containsKey(f)) {
                            error(
                                    g.line(),
                                    grantKey + ".from",
                                    f + " has a grant already; list all its addressees in one");
                        } else {
                            grants.put(f, new LinkedHashSet<>(to));
                        }
                    });
                }
            });
            List<EscalationStep> path = required(k, "escalation", key)
                    .map(n -> readEscalation(n, key + ".escalation", roles))
                    .orElse(List.of());
            return Optional.of(new DirectiveKind(kind, description, grants, path));
        }

        /** An ordered path; a role named twice would loop (it would be told again after declining to act). */
        private List<EscalationStep> readEscalation(Node node, String key, Set<RoleRef> roles) {
            List<EscalationStep> steps = new ArrayList<>();
            if (!(node instanceof ListNode list) || list.items().isEmpty()) {
                error(node.line(), key, "expected a non-empty list of steps {notify: agency/role, within: PT15M}");
                return steps;
            }
            Map<RoleRef, Integer> seen = new HashMap<>();
            for (int i = 0; i < list.items().size(); i++) {
                String stepKey = key + "[" + i + "]";
                MapNode s = map(list.items().get(i), stepKey);
                if (s == null) {
                    continue;
                }
                onlyKeys(s, stepKey, Set.of("notify", "within"));
                Optional<RoleRef> notify =
                        required(s, "notify", stepKey).flatMap(n -> role(n, stepKey + ".notify", roles));
                Optional<Duration> within =
                        required(s, "within", stepKey).flatMap(n -> duration(n, stepKey + ".within"));
                if (notify.isPresent()) {
                    Integer earlier = seen.putIfAbsent(notify.get(), i);
                    if (earlier != null) {
                        error(
                                s.line(),
                                stepKey + ".notify",
                                "the escalation path loops: " + notify.get() + " is already step " + earlier
                                        + "; each role appears once on a path");
                        continue;
                    }
                }
                if (notify.isPresent() && within.isPresent()) {
                    steps.add(new EscalationStep(notify.get(), within.get()));
                }
            }
            return steps;
        }

        private List<RoleRef> roleList(Node node, String key, Set<RoleRef> roles) {
            List<RoleRef> out = new ArrayList<>();
            if (!(node instanceof ListNode list) || list.items().isEmpty()) {
                error(node.line(), key, "expected a non-empty list of roles, e.g. [guard/operations-officer]");
                return out;
            }
            for (Node item : list.items()) {
                role(item, key, roles).ifPresent(r -> {
                    if (out.contains(r)) {
                        error(item.line(), key, "'" + r + "' is listed twice");
                    } else {
                        out.add(r);
                    }
                });
            }
            return out;
        }

        private Optional<RoleRef> role(Node node, String key, Set<RoleRef> roles) {
            return text(node, key).flatMap(text -> {
                Optional<RoleRef> ref = RoleRef.parse(text);
                if (ref.isEmpty()) {
                    error(node.line(), key, "expected agency/role, e.g. cpd/incident-commander, got '" + text + "'");
                } else if (!agencies.containsKey(ref.get().agency())) {
                    error(
                            node.line(),
                            key,
                            "unknown agency '" + ref.get().agency() + "' in '" + text + "'; known: "
                                    + agencies.keySet());
                    return Optional.empty();
                } else if (!roles.contains(ref.get())) {
                    error(node.line(), key, "unknown role '" + text + "'; declared under command.roles: " + roles);
                    return Optional.empty();
                }
                return ref;
            });
        }

        private Optional<Duration> duration(Node node, String key) {
            return text(node, key).flatMap(text -> {
                try {
                    Duration d = Duration.parse(text);
                    if (!d.isNegative() && !d.isZero()) {
                        return Optional.of(d);
                    }
                } catch (DateTimeParseException e) {
                    // reported below
                }
                error(node.line(), key, "expected a positive ISO-8601 duration such as PT15M, got '" + text + "'");
                return Optional.empty();
            });
        }

        // --- small readers ---------------------------------------------------------------

        private MapNode map(Node node, String key) {
            if (node instanceof MapNode m) {
                return m;
            }
            error(node.line(), key.isEmpty() ? "(document)" : key, "expected a mapping of keys to values");
            return null;
        }

        private Optional<Node> required(MapNode m, String name, String parent) {
            Entry e = m.entries().get(name);
            if (e == null) {
                error(m.line(), join(parent, name), "missing required key");
                return Optional.empty();
            }
            return Optional.of(e.value());
        }

        private String requiredText(MapNode m, String name, String parent) {
            return required(m, name, parent)
                    .flatMap(n -> text(n, join(parent, name)))
                    .orElse(null);
        }

        private String optionalText(MapNode m, String name, String parent) {
            Entry e = m.entries().get(name);
            return e == null ? null : text(e.value(), join(parent, name)).orElse(null);
        }

        private Optional<String> text(Node node, String key) {
            if (node instanceof Scalar s && s.text() != null && !s.text().isBlank()) {
                return Optional.of(s.text());
            }
            error(node.line(), key, "expected a non-empty text value");
            return Optional.empty();
        }

        /** A list of texts, each checked against {@code allowed} (null: any) and reported per item. */
        private List<String> known(Node node, String key, Set<String> allowed, String what) {
            List<String> out = new ArrayList<>();
            if (!(node instanceof ListNode list)) {
                error(node.line(), key, "expected a list, e.g. [a, b]");
                return out;
            }
            for (Node item : list.items()) {
                text(item, key).ifPresent(value -> {
                    if (allowed != null && !allowed.contains(value)) {
                        error(item.line(), key, "unknown " + what + " '" + value + "'; known: " + allowed);
                    } else if (out.contains(value)) {
                        error(item.line(), key, "'" + value + "' is listed twice");
                    } else {
                        out.add(value);
                    }
                });
            }
            return out;
        }

        private Set<String> set(MapNode m, String name, String parent, Set<String> allowed, String what) {
            Entry e = m.entries().get(name);
            if (e == null) {
                return Set.of();
            }
            List<String> values = known(e.value(), join(parent, name), allowed, what == null ? "value" : what);
            if (e.value() instanceof ListNode list && list.items().isEmpty()) {
                error(
                        e.keyLine(),
                        join(parent, name),
                        "an empty list would match nothing; leave the key out to match anything");
            }
            return new LinkedHashSet<>(values);
        }

        private Optional<Action> action(int line, String key, String name) {
            try {
                return Optional.of(Action.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                error(line, key, "unknown action '" + name + "'; actions are " + List.of(Action.values()));
                return Optional.empty();
            }
        }

        private void onlyKeys(MapNode m, String parent, Set<String> allowed) {
            m.entries().forEach((k, e) -> {
                if (!allowed.contains(k)) {
                    error(e.keyLine(), join(parent, k), "unknown key; expected one of " + new TreeSet<>(allowed));
                }
            });
        }

        private void checkId(int line, String key, String id) {
            if (!ID.matcher(id).matches()) {
                error(
                        line,
                        key,
                        "'" + id + "' is not a valid id (lower-case letters, digits and '-', starting with a letter)");
            }
        }

        private static String join(String parent, String name) {
            return parent.isEmpty() ? name : parent + "." + name;
        }

        private static Set<String> messageTypes() {
            return new LinkedHashSet<>(LiaisonSchemas.messageTypes());
        }

        private static Set<String> classifications() {
            return new LinkedHashSet<>(Classification.getClassSchema().getEnumSymbols());
        }
    }
}
