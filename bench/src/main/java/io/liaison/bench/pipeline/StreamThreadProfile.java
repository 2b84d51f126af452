package io.liaison.bench.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the stream threads spent the maximum-throughput phase, from a JFR recording of it: the
 * methods on top of the sampled stacks (self) and on the stacks at all (inclusive), as shares of
 * the stream threads' samples. What bounds the pipeline is what its one stream thread does.
 *
 * @param samples   execution samples of the stream threads
 * @param self      method to its share of samples where it was the top frame, largest first
 * @param inclusive method to its share of samples where it was on the stack, largest first
 */
record StreamThreadProfile(int samples, Map<String, Double> self, Map<String, Double> inclusive) {
    /** Kafka Streams names its threads {@code <client id>-StreamThread-<n>}. */
    static final String STREAM_THREAD = "-StreamThread-";

    /** The profile of the stacks (top frame first, as {@code Class.method}), {@code top} methods of each kind. */
    static StreamThreadProfile of(List<List<String>> stacks, int top) {
        Map<String, Integer> self = new LinkedHashMap<>();
        Map<String, Integer> inclusive = new LinkedHashMap<>();
        for (List<String> stack : stacks) {
            self.merge(stack.get(0), 1, Integer::sum);
            for (String method : new HashSet<>(stack)) {
                inclusive.merge(method, 1, Integer::sum);
            }
        }
        return new StreamThreadProfile(
                stacks.size(), shares(self, stacks.size(), top), shares(inclusive, stacks.size(), top));
    }

    /** The stream threads' execution samples in a JFR file. */
    static StreamThreadProfile read(Path jfr, int top) throws IOException {
        List<List<String>> stacks = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue; // only execution samples have a sampled thread
            }
            RecordedThread thread = event.getThread("sampledThread");
            if (thread == null
                    || thread.getJavaName() == null
                    || !thread.getJavaName().contains(STREAM_THREAD)
                    || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            stacks.add(event.getStackTrace().getFrames().stream()
                    .map(StreamThreadProfile::name)
                    .toList());
        }
        return of(stacks, top);
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "."
                + frame.getMethod().getName();
    }

    private static Map<String, Double> shares(Map<String, Integer> counts, int total, int top) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .collect(Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue() / (double) total, (a, b) -> a, LinkedHashMap::new));
    }

    /** Two columns, self and inclusive, a method per line. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "stream threads: %d samples", samples));
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
