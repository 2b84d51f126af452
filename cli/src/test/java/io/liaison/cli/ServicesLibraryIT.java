package io.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services image's libraries ({@code target/services-lib}, which the Dockerfile copies): every
 * runtime library of the CLI except the bench's, so no running service can load JMH or
 * async-profiler's native library, and the CLI still works on them. Runs after {@code package},
 * which builds both library directories.
 */
class ServicesLibraryIT {
    private static final Path LIB = Path.of("target", "lib");
    private static final Path SERVICES_LIB = Path.of("target", "services-lib");
    /** Jar name prefixes of what only {@code liaison bench} needs (JMH's jopt-simple stays: Kafka's broker uses it too). */
    private static final List<String> BENCH_ONLY =
            List.of("liaison-bench-", "jmh-core-", "commons-math3-", "async-profiler-");

    @TempDir
    Path work;

    @Test
    void theyAreTheCliLibrariesWithoutTheBenchJmhAndTheProfiler() throws IOException {
        Set<String> all = jars(LIB);
        Set<String> benchOnly = all.stream()
                .filter(name -> BENCH_ONLY.stream().anyMatch(name::startsWith))
                .collect(Collectors.toSet());
        assertThat(benchOnly)
                .as("each excluded artifact is one the CLI really pulls in")
                .hasSize(BENCH_ONLY.size());

        Set<String> services = jars(SERVICES_LIB);
        assertThat(services).doesNotContainAnyElementsOf(benchOnly);
        assertThat(services)
                .as("everything else is there")
                .containsExactlyInAnyOrderElementsOf(
                        all.stream().filter(name -> !benchOnly.contains(name)).toList());
    }

    @Test
    void theDockerfileCopiesThemAsTheImagesLibraries() throws IOException {
        String dockerfile = Files.readString(Path.of("..", "Dockerfile"));

        assertThat(dockerfile)
                .contains("COPY cli/target/services-lib/ /opt/liaison/lib/")
                .doesNotContain("cli/target/lib/");
    }

    @Test
    void onThemTheCliRunsAndBenchSaysItIsNotInTheImage() throws Exception {
        Run help = run("--help");
        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).contains("backbone").contains("bench").contains("Not in this image");

        Run backboneHelp = run("backbone", "run", "--help");
        assertThat(backboneHelp.exitCode()).as(backboneHelp.err()).isZero();

        Run bench = run("bench");
        assertThat(bench.exitCode()).isEqualTo(2);
        assertThat(bench.err()).contains("liaison bench is not in this image");
    }

    private record Run(int exitCode, String out, String err) {}

    /** The CLI in a child JVM on the image's class path: liaison.jar and the services libraries. */
    private Run run(String... args) throws Exception {
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                Path.of("target", "liaison.jar") + java.io.File.pathSeparator + SERVICES_LIB.resolve("*"),
                Liaison.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("LIAISON_"));
        builder.environment().put("LIAISON_HOME", work.toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("liaison " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Set<String> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".jar"))
                    .collect(Collectors.toSet());
        }
    }
}
