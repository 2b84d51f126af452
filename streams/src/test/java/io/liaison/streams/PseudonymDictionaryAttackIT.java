package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.InboxConsumer;
import io.liaison.consumer.InboxItem;
import io.liaison.embedded.TempDirs;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.redaction.Redactor;
import io.liaison.producer.MessageHeaders;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Security review, issue 15 finding 8, on the real pipeline (embedded KRaft broker, Apicurio
 * Registry, exactly-once Streams, the agency SDK). The oversight board receives officers as
 * pseudonyms; cpd, colluding with it, sends a report naming an officer of its choice, so oversight
 * learns that officer's pseudonym: a dictionary entry. Within the pseudonym period the entry
 * matches later reports; in the next period the same officer has an unrelated 128-bit pseudonym
 * and the dictionary is worthless. Oversight also receives people's names under MASK (a profile
 * that masks names and keeps phones' last four digits): no letter of a name reaches it.
 */
class PseudonymDictionaryAttackIT {
    private static final Duration PERIOD = Duration.ofMinutes(1);
    private static final String OFFICER = "Officer J. Kowalski #4471";

    private static TestBackbone fixture;
    private static Admin admin;
    private static BackboneService service;
    private static KafkaProducer<String, byte[]> raw;
    /** The backbone's clock, moved one pseudonym period on by the test; within the allowed clock skew of the senders' and the broker's. */
    private static final SettableClock CLOCK = new SettableClock();

    @BeforeAll
    static void startBackbone() throws Exception {
        String bootstrap = SharedKafka.get().bootstrapServers();
        fixture = new TestBackbone(SharedApicurio.get().client());
        admin = Admin.create(SharedKafka.get().adminClientProperties());
        new ClusterAdmin(admin, Duration.ofSeconds(30))
                .ensureTopics(TopicPlan.embedded().topics(TestBackbone.AGENCIES));
        // the example MOU, with oversight's profile also showing people, names masked and phones to their last four
        // digits
        String mou = Files.readString(TestBackbone.POLICY_FILE, StandardCharsets.UTF_8)
                .replace(
                        "      STAFF: PSEUDONYMIZE\n\n  public:",
                        "      STAFF: PSEUDONYMIZE\n      PII: KEEP\n      NAME: MASK\n      PHONE: MASK\n    masks:\n      PHONE: LAST4_DIGITS\n\n  public:");
        Policy policy = PolicyLoader.parse("masked-people.yaml", mou);
        assertThat(policy.profile("metadata-only").orElseThrow().masks()).isNotEmpty();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        // a second into the next period (after the test certificates' notBefore), so the messages of one step share it
        long now = Instant.now().toEpochMilli();
        CLOCK.set(Instant.ofEpochMilli(now - Math.floorMod(now, PERIOD.toMillis()))
                .plus(PERIOD)
                .plusSeconds(1));
        BackboneSettings settings = BackboneSettings.defaults("pseudonym-it");
        Backbone backbone = new Backbone(
                fixture.trust,
                () -> policy,
                new Redactor(secret, PERIOD, CLOCK),
                fixture.backboneKey,
                fixture.codec,
                CLOCK,
                settings);
        service = BackboneService.start(
                new StreamsAppConfig(
                        "pseudonym-dictionary-it",
                        bootstrap,
                        TempDirs.create("pseudonym-dictionary-it-"),
                        1,
                        (short) 1,
                        TestBackbone.login()),
                backbone,
                fixture.sealing(),
                settings,
                admin,
                TestBackbone.NO_CONTROL_PLANE);
        await().atMost(Duration.ofSeconds(60)).until(service::isRunning);
        raw = new KafkaProducer<>(
                TestBackbone.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        raw.close();
        service.close();
        admin.close();
    }

    @Test
    void aDictionaryOfPseudonymsBuiltInOnePeriodMatchesNothingInTheNextAndMaskedNamesShowNoLetter() {
        // cpd sends the chosen report and, in the same period, a genuine one about the same officer
        Envelope chosen = send(SamplePayloads.shotsFiredReport("I-" + UUID.randomUUID(), Instant.now()));
        Envelope samePeriod = send(SamplePayloads.shotsFiredReport("I-" + UUID.randomUUID(), Instant.now()));
        Map<String, InboxItem.Verified> first = oversightCopies(chosen.getMessageId(), samePeriod.getMessageId());
        CLOCK.set(CLOCK.instant().plus(PERIOD));
        Envelope nextPeriod = send(SamplePayloads.shotsFiredReport("I-" + UUID.randomUUID(), Instant.now()));
        Map<String, InboxItem.Verified> second = oversightCopies(nextPeriod.getMessageId());

        Map<String, String> dictionary = Map.of(officer(first.get(chosen.getMessageId())), OFFICER);
        String thisPeriod = officer(first.get(samePeriod.getMessageId()));
        String later = officer(second.get(nextPeriod.getMessageId()));
        assertThat(dictionary).containsKey(thisPeriod);
        assertThat(later).matches("P-[0-9a-f]{32}");
        assertThat(dictionary)
                .as("the pseudonym of the same officer for the same recipient, one period later")
                .doesNotContainKey(later);

        for (InboxItem.Verified copy :
                List.of(first.get(chosen.getMessageId()), second.get(nextPeriod.getMessageId()))) {
            assertThat(copy.provenance().changedFields())
                    .containsEntry("involvedPersons[0].name", "MASK")
                    .containsEntry("involvedPersons[1].name", "MASK")
                    .containsEntry("reportingOfficer", "PSEUDONYMIZE");
            List<?> persons = (List<?>) copy.payload().get("involvedPersons");
            assertThat(persons)
                    .extracting(p -> ((GenericRecord) p).get("name").toString())
                    .as("Daniel Reyes and Maria Lopez, masked alike")
                    .containsOnly("********");
            assertThat(persons)
                    .extracting(p -> ((GenericRecord) p).get("phone").toString())
                    .containsExactly("***-***-0199", "***-***-0147");
        }
    }

    private static Envelope send(GenericRecord payload) {
        Envelope e = fixture.sealer("cpd")
                .seal(payload, MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"))
                .envelope();
        String topic = Topics.ingress("cpd");
        try {
            raw.send(new ProducerRecord<>(topic, e.getMessageId(), fixture.ingressValue(e)))
                    .get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        return e;
    }

    private static String officer(InboxItem.Verified copy) {
        return copy.payload().get("reportingOfficer").toString();
    }

    /** Oversight's copies of these messages, as its SDK verifies them. */
    private static Map<String, InboxItem.Verified> oversightCopies(String... messageIds) {
        Map<String, InboxItem.Verified> copies = new HashMap<>();
        try (InboxConsumer oversight = InboxConsumer.connect(
                "oversight",
                SharedKafka.get().bootstrapServers(),
                SharedApicurio.get().url().toString(),
                fixture.trust,
                fixture.agencyKeys.get("oversight"),
                TestBackbone.clientProperties(
                        Map.of(ConsumerConfig.GROUP_ID_CONFIG, "oversight.sdk-" + UUID.randomUUID())))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (InboxItem item : oversight.poll(Duration.ofMillis(200))) {
                    if (item instanceof InboxItem.Verified v
                            && List.of(messageIds).contains(v.messageId())) {
                        copies.put(v.messageId(), v);
                    }
                }
                return copies.size() == messageIds.length;
            });
        }
        return copies;
    }

    /** A clock the test sets; every reading between two settings is the same instant. */
    private static final class SettableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
