package io.liaison.systemtests.reliability;

import io.liaison.producer.PublishException;
import io.liaison.producer.Receipt;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What publishers were told: a receipt (accepted: the broker acknowledged it with acks=all) or a
 * {@link PublishException} (not accepted). Thread-safe: publish callbacks record into it.
 */
final class Ledger {
    private final Map<String, Template> accepted = new ConcurrentHashMap<>();
    private final Map<String, Receipt> receipts = new ConcurrentHashMap<>();
    private final Map<PublishException.Kind, Long> failures = new EnumMap<>(PublishException.Kind.class);
    private final java.util.List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String lastFailure = "";
    private final java.util.Set<String> failureMessages = ConcurrentHashMap.newKeySet();

    void accepted(Receipt receipt, Template template) {
        receipts.put(receipt.messageId(), receipt);
        accepted.put(receipt.messageId(), template);
    }

    void failed(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        if (!(cause instanceof PublishException p)) {
            unexpected.add(cause); // the gateway's contract is a PublishException; the test asserts this stays empty
            return;
        }
        synchronized (failures) {
            failures.merge(p.kind(), 1L, Long::sum);
        }
        lastFailure = p.kind() + ": " + p.getMessage();
        failureMessages.add(lastFailure);
    }

    /** Accepted message ids and their templates (a snapshot). */
    Map<String, Template> accepted() {
        return Map.copyOf(accepted);
    }

    /** The receipts of accepted messages, by message id (a snapshot). */
    Map<String, Receipt> receipts() {
        return Map.copyOf(receipts);
    }

    int acceptedCount() {
        return accepted.size();
    }

    Map<PublishException.Kind, Long> failures() {
        synchronized (failures) {
            return Map.copyOf(failures);
        }
    }

    long failureCount() {
        return failures().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Failures that were not a {@link PublishException}: a broken contract. */
    java.util.List<Throwable> unexpected() {
        return java.util.List.copyOf(unexpected);
    }

    /** Every distinct failure, kind and message, that publishers were told. */
    java.util.Set<String> failureMessages() {
        return java.util.Set.copyOf(failureMessages);
    }

    String lastFailure() {
        return lastFailure;
    }
}
