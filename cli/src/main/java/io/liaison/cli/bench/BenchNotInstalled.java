package io.liaison.cli.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bench} where the benchmark is not installed: the services image leaves out the bench, JMH
 * and async-profiler's native library (Dockerfile, {@code cli/target/services-lib}), so a running
 * service has no profiler to load. Says so instead of failing on a missing class.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Not in this image: " + BenchNotInstalled.WHY)
public final class BenchNotInstalled implements Callable<Integer> {
    static final String WHY = "the services image carries no benchmark, JMH or profiler. "
            + "Run ./liaison bench from a source checkout (bench/README.md).";

    /** A class of the bench module: present in the source checkout's CLI, absent from the services image. */
    static final String BENCH_CLASS = "io.liaison.bench.pipeline.PipelineBenchmark";

    @Spec
    CommandSpec spec;

    /** {@link BenchCommand} where the bench module is on the class path, this command where it is not. */
    public static Object command() {
        try {
            Class.forName(BENCH_CLASS, false, BenchNotInstalled.class.getClassLoader());
            return new BenchCommand();
        } catch (ClassNotFoundException absent) {
            return new BenchNotInstalled();
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("liaison bench is not in this image: " + WHY);
        return CommandLine.ExitCode.USAGE;
    }
}
