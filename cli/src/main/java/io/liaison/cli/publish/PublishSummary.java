package io.liaison.cli.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Outcomes of a publish run, written as soon as each is known, from whichever thread learns it (the
 * producer's, for acknowledgements): a line on stdout per accepted, rejected or failed line, and with
 * {@code --results} one JSON object per line in a file, flushed each time. A run that is cut short
 * (Ctrl-C) or that gives up (the cluster is unavailable) can therefore always say which lines were
 * accepted. Also draws the progress line on stderr. Thread-safe.
 */
final class PublishSummary {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of the {@code --results} file. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(
            int line,
            String outcome,
            String messageId,
            String topic,
            Integer partition,
            Long offset,
            String payloadDigest,
            String reason) {
        static Result of(LineOutcome outcome) {
            if (outcome instanceof LineOutcome.Accepted a) {
                return new Result(
                        a.line(),
                        "ACKNOWLEDGED",
                        a.receipt().messageId(),
                        a.receipt().topic(),
                        a.receipt().partition(),
                        a.receipt().offset(),
                        a.receipt().payloadDigest(),
                        null);
            }
            if (outcome instanceof LineOutcome.Rejected r) {
                return new Result(r.line(), "REJECTED", null, null, null, null, null, r.reason());
            }
            if (outcome instanceof LineOutcome.Failed f) {
                return new Result(f.line(), "FAILED", null, null, null, null, null, f.reason());
            }
            LineOutcome.NotSent n = (LineOutcome.NotSent) outcome;
            return new Result(n.line(), "NOT_SENT", null, null, null, null, null, n.reason());
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final Optional<PrintWriter> results;
    private final SortedSet<Integer> accepted = new TreeSet<>();
    private final SortedSet<Integer> unsuccessful = new TreeSet<>();
    private final SortedSet<Integer> notSent = new TreeSet<>();
    private final SortedSet<Integer> inFlight = new TreeSet<>();
    private int rejected;
    private int failed;
    private int lastHandedOver;
    private LineOutcome.NotSent gaveUp;
    private boolean inputAbandoned;
    private boolean interrupted;
    private long lastDraw;

    PublishSummary(PrintWriter out, PrintWriter err, Optional<PrintWriter> results) {
        this.out = out;
        this.err = err;
        this.results = results;
    }

    /** {@code line} goes to the gateway now; until its outcome is recorded it is in flight. */
    synchronized void sending(int line) {
        inFlight.add(line);
        lastHandedOver = Math.max(lastHandedOver, line);
    }

    /**
     * Records and writes one line's outcome. The first line the gateway refused because the cluster
     * is unavailable makes the whole run give up.
     */
    synchronized void record(LineOutcome outcome) {
        inFlight.remove(outcome.line());
        lastHandedOver = Math.max(lastHandedOver, outcome.line());
        if (outcome instanceof LineOutcome.Accepted a) {
            accepted.add(a.line());
            out.println("line " + a.line() + ": accepted " + a.receipt().messageId() + " ("
                    + a.receipt().topic() + "-" + a.receipt().partition() + "@"
                    + a.receipt().offset() + ")");
        } else if (outcome instanceof LineOutcome.Rejected r) {
            rejected++;
            unsuccessful.add(r.line());
            out.println("line " + r.line() + ": rejected: " + r.reason());
        } else if (outcome instanceof LineOutcome.Failed f) {
            failed++;
            unsuccessful.add(f.line());
            out.println("line " + f.line() + ": failed: " + f.reason());
        } else if (outcome instanceof LineOutcome.NotSent n) {
            // listed once, as ranges, at the end: a run that gave up early may leave thousands
            notSent.add(n.line());
            if (gaveUp == null) {
                gaveUp = n;
            }
        }
        out.flush();
        results.ifPresent(file -> {
            file.println(json(Result.of(outcome)));
            file.flush();
        });
        notifyAll();
    }

    /** Whether to stop handing lines over: publish gave up, or the user interrupted it. */
    synchronized boolean stopped() {
        return gaveUp != null || interrupted;
    }

    /** Whether it stopped because it gave up (the cluster is unavailable). */
    synchronized Optional<LineOutcome.NotSent> gaveUp() {
        return Optional.ofNullable(gaveUp);
    }

    /** The input was left unread after the last line handed over (standard input: its writer may never stop). */
    synchronized void inputAbandoned() {
        inputAbandoned = true;
    }

    synchronized boolean everyLineAccepted() {
        return rejected == 0 && failed == 0 && notSent.isEmpty();
    }

    /** Redraws {@code publishing: N read, A accepted, R rejected} at most every 200 ms, or now if {@code force}. */
    synchronized void progress(int read, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        err.print("\rpublishing: " + read + " read, " + accepted.size() + " accepted, " + rejected + " rejected"
                + (failed > 0 ? ", " + failed + " failed" : "")
                + (notSent.isEmpty() ? "" : ", " + notSent.size() + " not sent"));
        if (force) {
            err.println();
        }
        err.flush();
    }

    /** Why it gave up and which lines were not sent, if it did, then the totals. */
    synchronized void printTotals() {
        if (gaveUp != null) {
            out.println("gave up at line " + gaveUp.line() + ": " + gaveUp.reason());
            out.println("not sent: lines " + ranges(notSent)
                    + (inputAbandoned ? ", and nothing after line " + lastHandedOver + " was read" : ""));
        }
        List<String> totals = new ArrayList<>(List.of(accepted.size() + " accepted", rejected + " rejected"));
        if (failed > 0) {
            totals.add(failed + " failed");
        }
        if (!notSent.isEmpty()) {
            totals.add(notSent.size() + " not sent");
        }
        out.println(String.join(", ", totals));
        out.flush();
    }

    /**
     * Ctrl-C: stops handing lines over, waits up to {@code grace} for acknowledgements already on
     * their way, then says on stderr which lines were accepted and which are still unknown.
     */
    synchronized void interrupted(Duration grace) {
        interrupted = true;
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (long left = grace.toNanos(); !inFlight.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.println();
        err.println("interrupted: " + accepted.size() + " accepted"
                + (accepted.isEmpty() ? "" : ": lines " + ranges(accepted)));
        if (!inFlight.isEmpty()) {
            err.println("  sent, outcome unknown (may have been stored): lines " + ranges(inFlight));
        }
        if (!unsuccessful.isEmpty()) {
            err.println("  rejected or failed: lines " + ranges(unsuccessful));
        }
        if (!notSent.isEmpty()) {
            err.println("  not sent: lines " + ranges(notSent));
        }
        err.println("  nothing after line " + lastHandedOver + " was sent");
        err.flush();
        out.flush();
        results.ifPresent(PrintWriter::flush);
    }

    /** {@code 1-3, 5, 8-9}. */
    static String ranges(SortedSet<Integer> lines) {
        List<String> parts = new ArrayList<>();
        Integer start = null;
        Integer previous = null;
        for (int line : lines) {
            if (previous != null && line != previous + 1) {
                parts.add(start.equals(previous) ? start.toString() : start + "-" + previous);
                start = null;
            }
            if (start == null) {
                start = line;
            }
            previous = line;
        }
        if (start != null) {
            parts.add(start.equals(previous) ? start.toString() : start + "-" + previous);
        }
        return String.join(", ", parts);
    }

    private static String json(Result result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings and numbers always serialises", e);
        }
    }
}
