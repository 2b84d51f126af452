package io.liaison.cli.audit;

import io.liaison.runtime.audit.TopicReader;
import java.io.PrintWriter;

/** A one-line progress bar on stderr, redrawn at most every 200 ms and on completion. */
final class ProgressBar implements TopicReader.Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private long lastDraw;

    ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void update(long read, long total) {
        long now = System.nanoTime();
        boolean done = read >= total;
        if (!done && now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * Math.min(read, total) / total);
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + read + "/" + total);
        if (done) {
            err.println();
        }
        err.flush();
    }
}
