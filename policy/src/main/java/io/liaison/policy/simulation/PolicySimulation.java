package io.liaison.policy.simulation;

import io.liaison.policy.Action;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares what the backbone decided for each retained message under the policy in force with
 * what it decides under a candidate, and counts the differences per agency, message type,
 * purpose and field. Only paths and counts: never a value.
 */
public final class PolicySimulation {
    private final String currentVersion;
    private final String candidateVersion;
    private final Instant since;
    private long messages;
    private final Map<String, Long> newlyQuarantined = new TreeMap<>();
    private final Map<String, Long> noLongerQuarantined = new TreeMap<>();
    private final Map<SimulationReport.CopyKey, Long> copies = new HashMap<>();
    private final Map<SimulationReport.FieldKey, Long> fields = new HashMap<>();

    public PolicySimulation(String currentVersion, String candidateVersion, Instant since) {
        this.currentVersion = currentVersion;
        this.candidateVersion = candidateVersion;
        this.since = since;
    }

    /** Adds one message: its decisions under the current policy and under the candidate. */
    public void add(Decided current, Decided candidate) {
        if (!current.messageId().equals(candidate.messageId())) {
            throw new IllegalArgumentException(
                    "decisions of two messages: " + current.messageId() + " and " + candidate.messageId());
        }
        messages++;
        if (current.quarantine().isEmpty() && candidate.quarantine().isPresent()) {
            newlyQuarantined.merge(candidate.quarantine().get(), 1L, Long::sum);
        } else if (current.quarantine().isPresent() && candidate.quarantine().isEmpty()) {
            noLongerQuarantined.merge(current.quarantine().get(), 1L, Long::sum);
        }
        String type = candidate.messageType().isEmpty() ? current.messageType() : candidate.messageType();
        Map<String, Decided.Copy> before = byRecipient(current);
        Map<String, Decided.Copy> after = byRecipient(candidate);
        for (String recipient : new TreeSet<>(union(before.keySet(), after.keySet()))) {
            Optional<Decided.Copy> was = delivered(before.get(recipient));
            Optional<Decided.Copy> now = delivered(after.get(recipient));
            if (was.isEmpty() && now.isPresent()) {
                count(recipient, type, now.get().purpose(), SimulationReport.CopyChange.NEWLY_DELIVERED);
            } else if (was.isPresent() && now.isEmpty()) {
                count(recipient, type, was.get().purpose(), SimulationReport.CopyChange.NEWLY_WITHHELD);
            } else if (was.isPresent()) {
                compareFields(recipient, type, was.get(), now.get());
            }
        }
    }

    /** Adds a message both policies decide alike without reading it (refused before its policy applies). */
    public void addUnchanged() {
        messages++;
    }

    public SimulationReport report() {
        return new SimulationReport(
                currentVersion,
                candidateVersion,
                since,
                messages,
                newlyQuarantined,
                noLongerQuarantined,
                copies,
                fields);
    }

    private void count(String recipient, String type, String purpose, SimulationReport.CopyChange change) {
        copies.merge(new SimulationReport.CopyKey(recipient, type, purpose, change), 1L, Long::sum);
    }

    private void compareFields(String recipient, String type, Decided.Copy was, Decided.Copy now) {
        Map<String, String> before = normalised(was.fieldActions());
        Map<String, String> after = normalised(now.fieldActions());
        for (String path : new TreeSet<>(union(before.keySet(), after.keySet()))) {
            Action from = Action.valueOf(before.getOrDefault(path, Action.KEEP.name()));
            Action to = Action.valueOf(after.getOrDefault(path, Action.KEEP.name()));
            if (from != to) {
                fields.merge(
                        new SimulationReport.FieldKey(recipient, type, now.purpose(), path, from, to), 1L, Long::sum);
            }
        }
    }

    /** Array positions dropped ({@code persons[2].name} → {@code persons[].name}): a field, not an element. */
    private static Map<String, String> normalised(Map<String, String> actions) {
        return actions.entrySet().stream()
                .collect(Collectors.toMap(
                        e -> e.getKey().replaceAll("\\[\\d+]", "[]"), Map.Entry::getValue, PolicySimulation::stricter));
    }

    private static String stricter(String a, String b) {
        return Action.valueOf(a).isStricterThan(Action.valueOf(b)) ? a : b;
    }

    private static Map<String, Decided.Copy> byRecipient(Decided decided) {
        return decided.copies().stream().collect(Collectors.toMap(Decided.Copy::recipient, Function.identity()));
    }

    private static Optional<Decided.Copy> delivered(Decided.Copy copy) {
        return copy != null && copy.delivered() ? Optional.of(copy) : Optional.empty();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
