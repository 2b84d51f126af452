package io.liaison.policy.redaction;

import io.liaison.kernel.fields.Leaf;
import io.liaison.kernel.fields.LeafWalker;
import io.liaison.policy.Action;
import io.liaison.policy.Deliver;
import io.liaison.policy.Policy;
import io.liaison.policy.RedactionProfile;
import io.liaison.policy.text.Finding;
import io.liaison.policy.text.FindingType;
import io.liaison.policy.text.KnownValues;
import io.liaison.policy.text.TextRedactor;
import io.liaison.schemas.Sensitivity;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Builds a recipient's copy of a payload under a redaction profile. Pure and thread-safe: one
 * instance serves every recipient; pseudonym keys are derived per recipient and period from the
 * master secret, the period being the one the given clock is in.
 *
 * <p>Per leaf (see {@link LeafWalker} for paths): the profile resolves the strictest action over the
 * leaf's effective tags; an action that cannot apply to the field's declared type (GENERALIZE on an
 * enum, MASK on a boolean) is replaced by the next stricter one that can, decided on the declared
 * type so that a null and a present value get the same action. A kept text that contains a value
 * withheld elsewhere in the same copy is treated as REDACT_TEXT. The copy has the original schema
 * and shape: array and map sizes never change.
 */
public final class Redactor {
    private static final int MIN_SECRET_BYTES = 32;
    /** A month: long enough to follow a person through an operation, short enough that a dictionary built in one is soon worthless. */
    public static final Duration DEFAULT_PSEUDONYM_PERIOD = Duration.ofDays(30);

    private final Pseudonyms pseudonyms;
    private final TextRedactor text;

    /**
     * @param pseudonymSecret at least 32 bytes of backbone master secret; per-recipient, per-period pseudonym keys derive from it
     * @param pseudonymPeriod how long one recipient's pseudonym key lasts
     * @param clock           which period a copy is made in
     */
    public Redactor(byte[] pseudonymSecret, Duration pseudonymPeriod, Clock clock) {
        this(pseudonymSecret, pseudonymPeriod, clock, TextRedactor.standard());
    }

    public Redactor(byte[] pseudonymSecret, Duration pseudonymPeriod, Clock clock, TextRedactor text) {
        if (pseudonymSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "pseudonymSecret must be at least " + MIN_SECRET_BYTES + " bytes, was " + pseudonymSecret.length);
        }
        this.pseudonyms = new Pseudonyms(pseudonymSecret, pseudonymPeriod, clock);
        this.text = text;
    }

    /**
     * A payload's leaves (size leaves omitted) with their declared types: what every recipient's copy
     * of one message starts from, so the walk is done once per message, not once per recipient.
     * The payload must not change while this is in use.
     */
    public static final class Prepared {
        private final GenericRecord payload;
        private final List<Leaf> leaves;
        private final List<Schema> declared;
        private final KnownValues values;

        private Prepared(GenericRecord payload) {
            this.payload = payload;
            Schema root = payload.getSchema();
            List<Leaf> valueLeaves = new ArrayList<>();
            List<Schema> declaredTypes = new ArrayList<>();
            for (Leaf leaf : LeafWalker.leaves(payload)) {
                if (!leaf.isSize()) {
                    valueLeaves.add(leaf);
                    declaredTypes.add(declaredType(root, leaf.path()));
                }
            }
            this.leaves = valueLeaves;
            this.declared = declaredTypes;
            this.values = messageValues(valueLeaves, declaredTypes);
        }
    }

    public static Prepared prepare(GenericRecord payload) {
        return new Prepared(payload);
    }

    /** The copy for a {@link Deliver} decision of {@code policy}. */
    public RedactionResult redact(Policy policy, Deliver decision, GenericRecord payload) {
        return redact(policy, decision, prepare(payload));
    }

    /** As {@link #redact(Policy, Deliver, GenericRecord)}, for a payload prepared once for all its recipients. */
    public RedactionResult redact(Policy policy, Deliver decision, Prepared payload) {
        RedactionProfile profile = policy.profile(decision.profile())
                .orElseThrow(() -> new IllegalArgumentException(
                        "policy " + policy.version() + " has no profile '" + decision.profile() + "'"));
        return redact(profile, decision.recipient(), payload);
    }

    public RedactionResult redact(RedactionProfile profile, String recipient, GenericRecord payload) {
        return redact(profile, recipient, prepare(payload));
    }

    private RedactionResult redact(RedactionProfile profile, String recipient, Prepared payload) {
        List<LeafOutcome> outcomes = explain(profile, recipient, payload);
        Map<String, String> actions = new LinkedHashMap<>();
        for (LeafOutcome o : outcomes) {
            if (o.applied() != Action.KEEP) {
                actions.put(o.path(), o.applied().name());
            }
        }
        // The rewrite meets the non-size leaves in the order the walk listed them, so each takes the
        // next outcome instead of a lookup by path in a map built per copy.
        Iterator<LeafOutcome> next = outcomes.iterator();
        GenericRecord copy = LeafWalker.rewrite(payload.payload, leaf -> {
            if (leaf.isSize()) {
                return leaf.value();
            }
            LeafOutcome o = next.next();
            if (!o.path().equals(leaf.path())) {
                throw new IllegalStateException("rewrite met " + leaf.path() + " where the walk had " + o.path());
            }
            return o.after();
        });
        return new RedactionResult(copy, actions);
    }

    /** Leaf by leaf, what the profile does to {@code payload} for {@code recipient} and why (size leaves omitted). */
    public List<LeafOutcome> explain(RedactionProfile profile, String recipient, GenericRecord payload) {
        return explain(profile, recipient, prepare(payload));
    }

    private List<LeafOutcome> explain(RedactionProfile profile, String recipient, Prepared payload) {
        List<Plan> plans = new ArrayList<>(payload.leaves.size());
        // Most leaves share a handful of tag sets: resolve each set once per copy.
        Map<Set<String>, RedactionProfile.Resolution> resolved = new HashMap<>();
        for (int i = 0; i < payload.leaves.size(); i++) {
            Leaf leaf = payload.leaves.get(i);
            RedactionProfile.Resolution r = resolved.computeIfAbsent(leaf.tags(), profile::resolve);
            Schema declared = payload.declared.get(i);
            Action applied = Transforms.applicable(r.action(), declared, leaf.tags());
            String note = applied == r.action()
                    ? ""
                    : r.action() + " does not apply to " + describe(declared) + "; " + applied + " instead";
            plans.add(new Plan(leaf, declared, r, applied, note));
        }

        KnownValues known = knownValues(payload.values, plans);
        List<LeafOutcome> out = new ArrayList<>(plans.size());
        for (Plan p : plans) {
            Action applied = p.applied;
            String note = p.note;
            Object value = p.leaf.value();
            if (applied == Action.KEEP && value instanceof CharSequence s && known.containsWithheld(s.toString())) {
                applied = Action.REDACT_TEXT;
                note = "contains a value withheld elsewhere in this copy; REDACT_TEXT instead of KEEP";
            }
            Object after;
            if (value == null || applied == Action.KEEP) {
                after = value;
            } else {
                after = switch (applied) {
                    case DROP -> p.leaf.nullable() ? null : Transforms.placeholder(p.declared);
                    case MASK -> Transforms.mask(p.declared, value, profile.maskStyle(p.leaf.tags()));
                    case GENERALIZE -> Transforms.generalize(p.declared, value);
                    case PSEUDONYMIZE -> pseudonyms.pseudonym(recipient, value.toString());
                    case REDACT_TEXT -> {
                        TextRedactor.Redacted redacted = text.redact(value.toString(), known);
                        if (!redacted.findings().isEmpty()) {
                            note = (note.isEmpty() ? "" : note + "; ") + "replaced "
                                    + redacted.findings().stream()
                                            .map(Finding::type)
                                            .map(FindingType::name)
                                            .collect(Collectors.joining(", "));
                        }
                        yield redacted.text();
                    }
                    case KEEP -> value;
                };
            }
            out.add(new LeafOutcome(
                    p.leaf.path(),
                    p.leaf.tags(),
                    p.resolution.action(),
                    applied,
                    p.resolution.forcedBy(),
                    p.resolution.named(),
                    value,
                    after,
                    note));
        }
        return out;
    }

    private record Plan(
            Leaf leaf, Schema declared, RedactionProfile.Resolution resolution, Action applied, String note) {}

    /**
     * Names, addresses, phones and dates of birth of the message: the same for every recipient, so
     * found once per message (formatting a date of birth seven ways, splitting names into tokens).
     */
    private static KnownValues messageValues(List<Leaf> leaves, List<Schema> declared) {
        KnownValues known = KnownValues.none();
        for (int i = 0; i < leaves.size(); i++) {
            Object value = leaves.get(i).value();
            if (value == null) {
                continue;
            }
            Set<String> tags = leaves.get(i).tags();
            if (value instanceof CharSequence s) {
                String v = s.toString();
                if (tags.contains(Sensitivity.NAME.name())) {
                    known.name(v);
                }
                if (tags.contains(Sensitivity.ADDRESS.name())) {
                    known.address(v);
                }
                if (tags.contains(Sensitivity.PHONE.name())) {
                    known.phone(v);
                }
            } else if (tags.contains(Sensitivity.DOB.name()) && Transforms.isDate(declared.get(i))) {
                known.dateOfBirth(LocalDate.ofEpochDay(((Number) value).longValue()));
            }
        }
        return known;
    }

    /** The message's values, and every string value this copy withholds or transforms. */
    private static KnownValues knownValues(KnownValues message, List<Plan> plans) {
        KnownValues known = message.copy();
        for (Plan p : plans) {
            // A scrubbed text is not itself a withheld value: what survives its redaction may be delivered.
            if (p.leaf.value() instanceof CharSequence s
                    && p.applied != Action.KEEP
                    && p.applied != Action.REDACT_TEXT) {
                known.withheld(findingType(p.leaf.tags()), s.toString());
            }
        }
        return known;
    }

    private static FindingType findingType(Set<String> tags) {
        if (tags.contains(Sensitivity.NAME.name())) {
            return FindingType.NAME;
        }
        if (tags.contains(Sensitivity.ADDRESS.name())) {
            return FindingType.ADDRESS;
        }
        if (tags.contains(Sensitivity.PHONE.name())) {
            return FindingType.PHONE;
        }
        return FindingType.WITHHELD;
    }

    /**
     * The declared (non-null) schema of the field at {@code path}: for a null leaf the walker only
     * knows the null branch, but the action must not depend on whether the value was present.
     */
    static Schema declaredType(Schema root, String path) {
        Schema current = root;
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                current = nonNull(current).getElementType();
                i = path.indexOf(']', i) + 1;
            } else if (c == '{') {
                current = nonNull(current).getValueType();
                i = path.indexOf('}', i) + 1;
            } else {
                int end = i;
                while (end < path.length() && ".[{".indexOf(path.charAt(end)) < 0) {
                    end++;
                }
                current = nonNull(current).getField(path.substring(i, end)).schema();
                i = end;
            }
        }
        return nonNull(current);
    }

    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        Schema only = null;
        for (Schema t : s.getTypes()) {
            if (t.getType() != Schema.Type.NULL) {
                if (only != null) {
                    return s;
                }
                only = t;
            }
        }
        return only == null ? s : only;
    }

    private static String describe(Schema type) {
        return type.getLogicalType() != null
                ? type.getLogicalType().getName()
                : type.getType().getName();
    }

    @Override
    public String toString() {
        return "Redactor[" + pseudonyms + "]";
    }
}
