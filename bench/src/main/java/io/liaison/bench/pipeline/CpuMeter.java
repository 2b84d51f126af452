package io.liaison.bench.pipeline;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU this JVM spends while a phase runs: all threads together, its Kafka Streams stream threads
 * alone, and the time its JIT compilers spent compiling. On a machine whose cores the broker, the
 * clients and the stream threads share, throughput is CPU over CPU per message: the split says how
 * much of a message's cost is the stream threads' work and how much is everything around it (broker,
 * TLS, producers, the counter), and the compile time says whether the phase ran on warm code.
 */
final class CpuMeter {
    private final com.sun.management.OperatingSystemMXBean os;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();

    /** CPU nanoseconds at one instant: the process's, and each live stream thread's by thread id; compile millis so far. */
    record Reading(long processNanos, Map<Long, Long> streamThreadNanos, long compileMillis) {
        Reading {
            streamThreadNanos = Map.copyOf(streamThreadNanos);
        }

        /** What was spent from {@code before} to this reading; a stream thread that started in between counts whole. */
        Use since(Reading before) {
            long stream = 0;
            for (Map.Entry<Long, Long> t : streamThreadNanos.entrySet()) {
                stream += t.getValue() - before.streamThreadNanos.getOrDefault(t.getKey(), 0L);
            }
            return new Use(
                    processNanos - before.processNanos, stream, (compileMillis - before.compileMillis) * 1_000_000);
        }
    }

    /** Nanoseconds spent over a span: CPU of all threads and of the stream threads among them, and compiling. */
    record Use(long processNanos, long streamThreadNanos, long compileNanos) {
        static final Use NONE = new Use(0, 0, 0);

        Use plus(Use other) {
            return new Use(
                    processNanos + other.processNanos,
                    streamThreadNanos + other.streamThreadNanos,
                    compileNanos + other.compileNanos);
        }

        /** Microseconds per message over {@code messages}. */
        BenchReport.Cpu perMessage(long messages) {
            return new BenchReport.Cpu(
                    processNanos / 1e3 / messages, streamThreadNanos / 1e3 / messages, compileNanos / 1e3 / messages);
        }
    }

    CpuMeter() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean)
                || !threads.isThreadCpuTimeSupported()
                || !jit.isCompilationTimeMonitoringSupported()) {
            throw new IllegalStateException("this JVM does not report process and thread CPU time and compile time");
        }
        this.os = bean;
        threads.setThreadCpuTimeEnabled(true);
    }

    /** Now; a stream thread is any thread whose name contains Kafka Streams' {@code -StreamThread-}, its producer's I/O thread too. */
    Reading read() {
        Map<Long, Long> stream = new HashMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains(StreamThreadProfile.STREAM_THREAD)) {
                long nanos = threads.getThreadCpuTime(t.getThreadId());
                if (nanos >= 0) { // -1: the thread ended in between
                    stream.put(t.getThreadId(), nanos);
                }
            }
        }
        return new Reading(os.getProcessCpuTime(), stream, jit.getTotalCompilationTime());
    }
}
