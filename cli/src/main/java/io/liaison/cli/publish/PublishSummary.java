package io.liaison.cli.publish;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Outcomes of a publish run, collected from any thread as the broker acknowledges, and reported in
 * line order: one line per input line, then the totals. Also drives the progress line on stderr.
 */
final class PublishSummary {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final ConcurrentLinkedQueue<LineOutcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private long lastDraw;

    void record(LineOutcome outcome) {
        outcomes.add(outcome);
        (outcome instanceof LineOutcome.Accepted ? accepted : rejected).incrementAndGet();
    }

    int accepted() {
        return accepted.get();
    }

    int rejected() {
        return rejected.get();
    }

    /** Redraws {@code publishing: N read, A accepted, R rejected} at most every 200 ms, or now if {@code force}. */
    void progress(PrintWriter err, int read, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        err.print("\rpublishing: " + read + " read, " + accepted() + " accepted, " + rejected() + " rejected");
        if (force) {
            err.println();
        }
        err.flush();
    }

    /** Every line's outcome in line order, then the totals. */
    void print(PrintWriter out) {
        List<LineOutcome> sorted = outcomes.stream()
                .sorted(Comparator.comparingInt(LineOutcome::line))
                .toList();
        for (LineOutcome outcome : sorted) {
            if (outcome instanceof LineOutcome.Accepted a) {
                out.println("line " + a.line() + ": accepted " + a.receipt().messageId() + " ("
                        + a.receipt().topic() + "-" + a.receipt().partition() + "@"
                        + a.receipt().offset() + ")");
            } else if (outcome instanceof LineOutcome.Rejected r) {
                out.println("line " + r.line() + ": rejected: " + r.reason());
            }
        }
        out.println(accepted() + " accepted, " + rejected() + " rejected");
        out.flush();
    }
}
