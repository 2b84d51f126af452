package io.liaison.policy.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.fields.Leaf;
import io.liaison.kernel.fields.LeafWalker;
import io.liaison.policy.Action;
import io.liaison.policy.MaskStyle;
import io.liaison.policy.Payloads;
import io.liaison.policy.RedactionProfile;
import io.liaison.schemas.Sensitivity;
import io.liaison.schemas.common.ImmigrationStatus;
import io.liaison.schemas.common.Location;
import io.liaison.schemas.common.Person;
import io.liaison.schemas.common.PersonRole;
import io.liaison.schemas.payload.IncidentReport;
import io.liaison.schemas.payload.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Over random incident reports, random profiles and random recipients: a DROPped value appears
 * nowhere in the recipient's encoded copy, and every leaf the result does not list is unchanged.
 * String values are random 12-character strings, so finding one in the output bytes is no accident;
 * narratives quote other fields' values, which is how free text leaks in practice.
 *
 * <p>Each property makes {@value #TRIES} tries; try {@code i} builds its scenario from
 * {@code new SplittableRandom(BASE_SEED + i)}, and a failure names that seed and the scenario.
 */
class RedactionPropertyTest {
    private static final long BASE_SEED = 0x1A15_0000_0003L;
    private static final int TRIES = 300;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final List<String> RECIPIENTS = List.of("cpd", "ice", "guard", "oversight", "public");
    private final Redactor redactor = new Redactor(RedactorTest.SECRET, RedactorTest.PERIOD, RedactorTest.CLOCK);

    record Scenario(GenericRecord payload, RedactionProfile profile, String recipient) {}

    static LongStream scenarioSeeds() {
        return LongStream.range(0, TRIES).map(i -> BASE_SEED + i);
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("scenarioSeeds")
    void noDroppedValueAppearsInTheEncodedCopy(long seed) {
        Scenario s = scenario(new SplittableRandom(seed));
        RedactionResult result = redactor.redact(s.profile(), s.recipient(), s.payload());
        byte[] output = Payloads.encode(result.redacted());

        for (Leaf leaf : LeafWalker.leaves(s.payload())) {
            if ("DROP".equals(result.actionsByPath().get(leaf.path())) && leaf.value() instanceof CharSequence value) {
                assertThat(indexOf(output, value.toString().getBytes(StandardCharsets.UTF_8)))
                        .as(
                                "seed %d: dropped %s = %s found in the copy for %s; scenario %s",
                                seed, leaf.path(), value, s.recipient(), s)
                        .isEqualTo(-1);
            }
        }
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("scenarioSeeds")
    void aMaskedNameShowsNoneOfItsLettersNorItsLength(long seed) {
        Scenario s = scenario(new SplittableRandom(seed));
        RedactionResult result = redactor.redact(s.profile(), s.recipient(), s.payload());
        Map<String, Object> after = values(result.redacted());

        for (Leaf leaf : LeafWalker.leaves(s.payload())) {
            if ("MASK".equals(result.actionsByPath().get(leaf.path()))
                    && leaf.tags().contains(Sensitivity.NAME.name())
                    && leaf.value() instanceof CharSequence) {
                assertThat(after.get(leaf.path()))
                        .as("seed %d: %s in scenario %s", seed, leaf.path(), s)
                        .isEqualTo(Transforms.FULL_MASK);
            }
        }
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("scenarioSeeds")
    void everyLeafNotListedIsUnchangedAndNoKeptLeafIsListed(long seed) {
        Scenario s = scenario(new SplittableRandom(seed));
        RedactionResult result = redactor.redact(s.profile(), s.recipient(), s.payload());
        Map<String, Object> after = values(result.redacted());

        for (Leaf leaf : LeafWalker.leaves(s.payload())) {
            Supplier<String> where = () -> "seed " + seed + ": " + leaf.path() + " in scenario " + s;
            if (!result.actionsByPath().containsKey(leaf.path())) {
                assertThat(after.get(leaf.path())).as(where).isEqualTo(normalise(leaf.value()));
            }
            if (leaf.isSize()) {
                assertThat(result.actionsByPath()).as(where).doesNotContainKey(leaf.path());
            } else if (s.profile().resolve(leaf.tags()).action() == Action.KEEP
                    && result.actionsByPath().containsKey(leaf.path())) {
                // The only way a KEEP leaf changes: it quoted a value withheld elsewhere.
                assertThat(result.actionsByPath().get(leaf.path())).as(where).isEqualTo("REDACT_TEXT");
            }
        }
    }

    private static Scenario scenario(RandomGenerator random) {
        List<Person> persons = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            List<String> flags = new ArrayList<>();
            for (int f = random.nextInt(3); f > 0; f--) {
                flags.add(word(random));
            }
            persons.add(Person.newBuilder()
                    .setRole(PersonRole.values()[random.nextInt(PersonRole.values().length)])
                    .setName(word(random))
                    .setDateOfBirth(random.nextBoolean() ? null : LocalDate.ofEpochDay(random.nextInt(30_000)))
                    .setAddress(random.nextBoolean() ? null : random.nextInt(9999) + " " + word(random))
                    .setPhone(random.nextBoolean() ? null : word(random))
                    .setImmigrationStatus(
                            random.nextBoolean()
                                    ? null
                                    : ImmigrationStatus.values()[random.nextInt(ImmigrationStatus.values().length)])
                    .setCriminalHistoryFlags(flags)
                    .build());
        }
        Location location = new Location(
                random.nextDouble() * 180 - 90,
                random.nextDouble() * 360 - 180,
                random.nextBoolean() ? null : word(random),
                word(random));
        IncidentReport report = IncidentReport.newBuilder()
                .setIncidentId(word(random))
                .setOccurredAt(Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L)))
                .setOffenseCategory(word(random))
                .setSeverity(Severity.values()[random.nextInt(Severity.values().length)])
                .setLocation(location)
                .setNarrative(narrative(random, persons, location))
                .setReportingOfficer(word(random))
                .setInvolvedPersons(persons)
                .build();
        return new Scenario(Payloads.raw(report), profile(random), RECIPIENTS.get(random.nextInt(RECIPIENTS.size())));
    }

    /** Free text quoting some of the report's own values, as officers' narratives do. */
    private static String narrative(RandomGenerator random, List<Person> persons, Location location) {
        StringBuilder text = new StringBuilder("Narrative ").append(word(random));
        for (Person p : persons) {
            if (random.nextBoolean()) {
                text.append(" met ").append(p.getName());
            }
            if (p.getPhone() != null && random.nextBoolean()) {
                text.append(" called ").append(p.getPhone());
            }
        }
        if (location.getAddress() != null && random.nextBoolean()) {
            text.append(" at ").append(location.getAddress());
        }
        return text.append('.').toString();
    }

    /** Each tag absent (default deny) or mapped to a random action; a masked tag other than NAME with a random mask style. */
    private static RedactionProfile profile(RandomGenerator random) {
        Map<String, Action> actions = new HashMap<>();
        Map<String, MaskStyle> masks = new HashMap<>();
        for (Sensitivity tag : Sensitivity.values()) {
            int pick = random.nextInt(Action.values().length + 1);
            if (pick < Action.values().length) {
                actions.put(tag.name(), Action.values()[pick]);
                if (Action.values()[pick] == Action.MASK && tag != Sensitivity.NAME) {
                    masks.put(tag.name(), MaskStyle.values()[random.nextInt(MaskStyle.values().length)]);
                }
            }
        }
        return new RedactionProfile("random", "random", actions, masks);
    }

    private static String word(RandomGenerator random) {
        StringBuilder s = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static Map<String, Object> values(GenericRecord record) {
        Map<String, Object> out = new HashMap<>();
        LeafWalker.leaves(record).forEach(l -> out.put(l.path(), normalise(l.value())));
        return out;
    }

    /** Utf8 and String compare by content; enum symbols by name. */
    private static Object normalise(Object value) {
        return value instanceof CharSequence || value instanceof org.apache.avro.generic.GenericEnumSymbol<?>
                ? value.toString()
                : value;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
