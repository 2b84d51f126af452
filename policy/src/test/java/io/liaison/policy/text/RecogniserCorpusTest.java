package io.liaison.policy.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Measures precision and recall of every recogniser on the labelled corpus
 * ({@code recogniser-corpus.tsv}, at least 300 sentences) and holds the structured types to recall
 * >= 0.95 and precision >= 0.90. A finding counts only with the exact type and span. The table it
 * writes to {@code target/recogniser-metrics.md} is the one published in {@code docs/recognisers.md}.
 */
class RecogniserCorpusTest {
    private static final Set<FindingType> STRUCTURED =
            EnumSet.complementOf(EnumSet.of(FindingType.NAME, FindingType.ADDRESS, FindingType.WITHHELD));

    record Row(int line, String sentence, Set<Finding> expected, KnownValues known) {}

    static final class Score {
        int truePositives;
        int falsePositives;
        int falseNegatives;

        double precision() {
            return truePositives + falsePositives == 0
                    ? 1.0
                    : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0
                    ? 1.0
                    : (double) truePositives / (truePositives + falseNegatives);
        }
    }

    @Test
    void recognisersMeetTheirPrecisionAndRecallTargetsOnTheCorpus() throws IOException {
        List<Row> rows = corpus();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(300);
        TextRedactor redactor = TextRedactor.standard();
        Map<FindingType, Score> scores = new EnumMap<>(FindingType.class);
        List<String> mistakes = new ArrayList<>();

        for (Row row : rows) {
            Set<Finding> found = new HashSet<>(redactor.scan(row.sentence(), row.known()));
            for (Finding f : found) {
                Score s = scores.computeIfAbsent(f.type(), t -> new Score());
                if (row.expected().contains(f)) {
                    s.truePositives++;
                } else {
                    s.falsePositives++;
                    mistakes.add("line " + row.line() + ": unexpected " + describe(row, f));
                }
            }
            for (Finding f : row.expected()) {
                if (!found.contains(f)) {
                    scores.computeIfAbsent(f.type(), t -> new Score()).falseNegatives++;
                    mistakes.add("line " + row.line() + ": missed " + describe(row, f));
                }
            }
        }

        String table = table(rows.size(), scores);
        Path report = Path.of("target", "recogniser-metrics.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table + "\nMisses and false alarms:\n\n" + String.join("\n", mistakes) + "\n");
        System.out.println(table);
        mistakes.forEach(System.out::println);

        for (FindingType type : STRUCTURED) {
            Score s = scores.getOrDefault(type, new Score());
            assertThat(s.truePositives + s.falseNegatives)
                    .as("positives of %s in the corpus", type)
                    .isGreaterThanOrEqualTo(10);
            assertThat(s.recall()).as("recall of %s", type).isGreaterThanOrEqualTo(0.95);
            assertThat(s.precision()).as("precision of %s", type).isGreaterThanOrEqualTo(0.90);
        }
    }

    private static String describe(Row row, Finding f) {
        return f.type() + " \"" + row.sentence().substring(f.start(), f.end()) + "\" in: " + row.sentence();
    }

    private static String table(int sentences, Map<FindingType, Score> scores) {
        StringBuilder out = new StringBuilder("Corpus: " + sentences + " sentences. Exact type and span.\n\n"
                + "| type | positives | found | true pos. | false pos. | missed | precision | recall |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        scores.forEach((type, s) -> out.append(String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %d | %d | %.3f | %.3f |%n",
                type,
                s.truePositives + s.falseNegatives,
                s.truePositives + s.falsePositives,
                s.truePositives,
                s.falsePositives,
                s.falseNegatives,
                s.precision(),
                s.recall())));
        return out.toString();
    }

    static List<Row> corpus() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = RecogniserCorpusTest.class.getResourceAsStream("/recogniser-corpus.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank() || lines[i].startsWith("#")) {
                    continue;
                }
                String[] cols = lines[i].split("\t", -1);
                if (cols.length != 3) {
                    throw new IllegalStateException(
                            "corpus line " + (i + 1) + ": expected 3 columns, got " + cols.length);
                }
                rows.add(new Row(i + 1, cols[0], expected(cols[1], cols[0], i + 1), known(cols[2])));
            }
        }
        return rows;
    }

    private static Set<Finding> expected(String column, String sentence, int line) {
        Set<Finding> out = new HashSet<>();
        if (column.equals("-")) {
            return out;
        }
        for (String item : column.split(";")) {
            String[] typeAndSpan = item.split("@");
            String[] span = typeAndSpan[1].split("-");
            Finding f = new Finding(
                    FindingType.valueOf(typeAndSpan[0]), Integer.parseInt(span[0]), Integer.parseInt(span[1]));
            if (f.end() > sentence.length()) {
                throw new IllegalStateException("corpus line " + line + ": span " + item + " beyond the sentence");
            }
            out.add(f);
        }
        return out;
    }

    private static KnownValues known(String column) {
        KnownValues known = KnownValues.none();
        if (column.equals("-")) {
            return known;
        }
        for (String item : column.split(";")) {
            String[] kv = item.split("=", 2);
            switch (kv[0]) {
                case "NAME" -> known.name(kv[1]);
                case "ADDRESS" -> known.address(kv[1]);
                case "PHONE" -> known.phone(kv[1]);
                case "DOB" -> known.dateOfBirth(LocalDate.parse(kv[1]));
                default -> throw new IllegalStateException("unknown known-value kind " + kv[0]);
            }
        }
        return known;
    }
}
