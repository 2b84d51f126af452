package io.liaison.bench.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the stream threads spent the maximum-throughput phase, from async-profiler's CPU-time
 * samples of it: the methods on top of the sampled stacks (self) and on the stacks at all
 * (inclusive), as shares of the stream threads' samples. The stream threads are Kafka Streams'
 * and their producers' I/O threads, whose names contain theirs, as {@link CpuMeter} counts them.
 * What bounds the pipeline is what its one stream thread does.
 *
 * <p>Not JFR: its sampler takes threads by their state in the JVM, not by whether they hold a
 * core, and on this project's pipeline it put Ed25519 signing at 30% of the stream thread where
 * CPU-time samples put it at 8% (BENCHMARKS.md).
 *
 * @param samples   CPU samples of the stream threads
 * @param self      method to its share of samples where it was the top frame, largest first
 * @param inclusive method to its share of samples where it was on the stack, largest first
 */
record StreamThreadProfile(long samples, Map<String, Double> self, Map<String, Double> inclusive) {
    /** Kafka Streams names its threads {@code <client id>-StreamThread-<n>}. */
    static final String STREAM_THREAD = "-StreamThread-";

    /** async-profiler's command to start: CPU-time samples every millisecond of CPU a thread uses, each thread's stacks apart. */
    static final String PROFILER_START = "start,event=cpu,interval=1000000,threads";

    /** async-profiler's command to stop and write the collapsed stacks that {@link #read} reads. */
    static String profilerStopInto(Path collapsed) {
        return "stop,collapsed,file=" + collapsed.toAbsolutePath();
    }

    /** One sampled stack, top frame first (as {@code Class.method}), and how many samples it had. */
    record Stack(List<String> frames, long samples) {
        Stack {
            frames = List.copyOf(frames);
        }
    }

    /** The profile of the stacks, {@code top} methods of each kind. */
    static StreamThreadProfile of(List<Stack> stacks, int top) {
        Map<String, Long> self = new LinkedHashMap<>();
        Map<String, Long> inclusive = new LinkedHashMap<>();
        long total = 0;
        for (Stack stack : stacks) {
            total += stack.samples();
            self.merge(stack.frames().get(0), stack.samples(), Long::sum);
            for (String method : new HashSet<>(stack.frames())) {
                inclusive.merge(method, stack.samples(), Long::sum);
            }
        }
        return new StreamThreadProfile(total, shares(self, total, top), shares(inclusive, total, top));
    }

    /**
     * The stream threads' stacks in async-profiler's collapsed output of a profile taken with its
     * {@code threads} option: a line per distinct stack, its frames from the thread (as {@code [name
     * tid=n]}) down to the top frame, separated by {@code ;}, then a space and the sample count.
     */
    static StreamThreadProfile read(Path collapsed, int top) throws IOException {
        List<Stack> stacks = new ArrayList<>();
        for (String line : Files.readAllLines(collapsed, StandardCharsets.UTF_8)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            List<String> frames =
                    new ArrayList<>(List.of(line.substring(0, space).split(";")));
            String thread = frames.remove(0);
            if (!thread.startsWith("[") || !thread.contains(STREAM_THREAD) || frames.isEmpty()) {
                continue;
            }
            List<String> topFirst = new ArrayList<>(frames.size());
            for (int i = frames.size() - 1; i >= 0; i--) {
                topFirst.add(name(frames.get(i)));
            }
            stacks.add(
                    new Stack(topFirst, Long.parseLong(line.substring(space + 1).strip())));
        }
        return of(stacks, top);
    }

    /** {@code io/liaison/streams/Backbone.process} as {@code Backbone.process}; native frames as they are. */
    private static String name(String frame) {
        return frame.substring(frame.lastIndexOf('/') + 1);
    }

    private static Map<String, Double> shares(Map<String, Long> counts, long total, int top) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .collect(Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue() / (double) total, (a, b) -> a, LinkedHashMap::new));
    }

    /** Two columns, self and inclusive, a method per line. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "stream threads: %d CPU samples", samples));
        out.addAll(column("self (top frame)", self));
        out.addAll(column("inclusive (on the stack)", inclusive));
        return out;
    }

    private static List<String> column(String title, Map<String, Double> shares) {
        List<String> out = new ArrayList<>();
        out.add("  " + title + ":");
        shares.forEach((method, share) -> out.add(String.format(Locale.ROOT, "    %5.1f%%  %s", share * 100, method)));
        return out;
    }
}
