package io.liaison.policy.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.policy.text.Recognisers.DateOfBirthRecogniser;
import io.liaison.policy.text.Recognisers.KeywordTokenRecogniser;
import io.liaison.policy.text.Recognisers.PatternRecogniser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The candidate filters of {@link Recognisers} are an optimisation only: every recogniser must find
 * exactly what its expression finds when tried at every position of the text.
 */
class RecogniserCandidatesTest {
    /** Try {@code i} of the property runs on {@code new SplittableRandom(BASE_SEED + i)}. */
    private static final long BASE_SEED = 0x1A15_0000_0002L;

    private static final int TRIES = 3000;

    static LongStream textSeeds() {
        return LongStream.range(0, TRIES).map(i -> BASE_SEED + i);
    }

    /** Fragments that come close to every recogniser: keywords, digit groups, separators, dates, hex. */
    private static final List<String> FRAGMENTS = List.of(
            " ",
            " ",
            " ",
            "-",
            ".",
            "/",
            ":",
            "::",
            "#",
            "@",
            "(",
            ")",
            "+",
            ",",
            "\n",
            "_",
            "a",
            "A",
            "x",
            "123",
            "45",
            "6789",
            "078-05-1120",
            "219 09 9999",
            "1",
            "312",
            "555",
            "0199",
            "2",
            "9",
            "0",
            "4111",
            "1111",
            "192.168",
            "10",
            "255",
            "2001:db8",
            "fe80",
            "ssn",
            "SSN",
            "ss#",
            "social security",
            "Social",
            "alien number",
            "A-number",
            "a-file",
            "A",
            "A#",
            "phone",
            "Tel",
            "cell",
            "called",
            "texted",
            "contact",
            "number",
            "mobile",
            "email",
            "j.doe",
            "example.org",
            "born",
            "DOB",
            "d.o.b.",
            "birth",
            "birthday",
            "January",
            "Jan.",
            "mar",
            "May",
            "Sept",
            "12th",
            "of",
            "1990",
            "2024",
            "03/04/1985",
            "1985-03-04",
            "driver's license",
            "Driving licence",
            "DL",
            "D.L.",
            "D/L",
            "operator",
            "plate",
            "plates",
            "tag",
            "license plate",
            "registration",
            "ABC",
            "7XYZ",
            "K1234",
            "B-123",
            "émile",
            "Ünal",
            "\u00a0",
            "\u0130");

    /** A text of 1 to 40 fragments, each picked at random from {@link #FRAGMENTS}. */
    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("textSeeds")
    void candidateFiltersFindWhatTheExpressionsFindEverywhere(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        for (int parts = 1 + random.nextInt(40); parts > 0; parts--) {
            text.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
        }
        assertSameFindings("seed " + seed, text.toString());
    }

    @Test
    void candidateFiltersFindWhatTheExpressionsFindEverywhereOnTheLabelledCorpus() throws IOException {
        List<RecogniserCorpusTest.Row> rows = RecogniserCorpusTest.corpus();
        assertThat(rows).isNotEmpty();
        rows.forEach(row -> assertSameFindings("corpus", row.sentence()));
    }

    @Test
    void aTextWithoutTheKeywordsIsNotScannedByKeywordRecognisers() {
        assertThat(Recognisers.DATE_OF_BIRTH.find("on 03/04/1985 the suspect fled"))
                .isEmpty();
        assertThat(Recognisers.DATE_OF_BIRTH.find("born 03/04/1985, the suspect fled"))
                .hasSize(1);
        assertThat(Recognisers.EMAIL.find("no address here, example.org")).isEmpty();
        assertThat(Recognisers.EMAIL.find("write to j.doe@example.org")).hasSize(1);
    }

    private static void assertSameFindings(String source, String text) {
        for (Recogniser r : Recognisers.standard()) {
            assertThat(r.find(text))
                    .as("%s: %s on \"%s\"", source, r.type(), text)
                    .isEqualTo(everywhere(r, text));
        }
    }

    /** The recogniser's expressions tried at every position of the whole text, with no filter. */
    private static List<Finding> everywhere(Recogniser r, String text) {
        List<Finding> out = new ArrayList<>();
        if (r instanceof PatternRecogniser p) {
            Matcher m = p.pattern().matcher(text);
            while (m.find()) {
                if (p.valid().test(m)) {
                    out.add(new Finding(p.type(), m.start(p.group()), m.end(p.group())));
                }
            }
        } else if (r instanceof KeywordTokenRecogniser k) {
            Matcher keyword = k.keyword().matcher(text);
            while (keyword.find()) {
                Matcher t = k.token().matcher(text);
                t.region(keyword.end(), text.length());
                t.useTransparentBounds(true);
                int windowEnd = Math.min(text.length(), keyword.end() + k.window());
                while (t.find() && t.start() < windowEnd) {
                    if (k.plausible().test(t.group())) {
                        out.add(new Finding(k.type(), t.start(), t.end()));
                        break;
                    }
                }
            }
        } else if (r instanceof DateOfBirthRecogniser d) {
            out.addAll(d.findDates(text, false));
        } else {
            throw new AssertionError("no reference for " + r);
        }
        return out;
    }
}
