package io.liaison.bench.pipeline;

import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.AclPlan;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.demo.EmbeddedBackbone;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.PkiException;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.redaction.Redactor;
import io.liaison.producer.AgencyGatewayConfig;
import io.liaison.producer.IngressSealer;
import io.liaison.producer.MessageSealer;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.runtime.BackboneNode;
import io.liaison.runtime.StartupRefusedException;
import io.liaison.runtime.TopicTail;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PseudonymSettings;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.EdgeSealing;
import io.liaison.streams.StreamsAppConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import one.profiler.AsyncProfiler;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One {@code liaison bench} run on a fresh embedded backbone in a temporary home:
 * <ol>
 *   <li>the maximum-throughput phase: gateways seal a backlog in rounds (Merkle batches, on disk),
 *       then each round is published at full speed and timed until every delivery the policy grants
 *       is committed in the inboxes; sealing is not timed, so the figure is the backbone's;</li>
 *   <li>three fixed offered loads (25, 50 and 75% of that maximum): gateways seal as messages fall
 *       due, with a batch linger, and every delivered copy's publish-to-delivery latency is kept;</li>
 *   <li>the baseline: an exactly-once passthrough fed the same sealed records in the same rounds;</li>
 *   <li>the fan-out floor: the backbone's writes without its work, fed the same records the same way
 *       ({@link BaselineApp#fanOut}): what Kafka alone costs for this pipeline's output;</li>
 *   <li>the sealed floor: the fan-out floor plus the cryptography every message needs, with the
 *       backbone's own keys and code ({@link BaselineApp#sealedFanOut});</li>
 *   <li>the passthrough and the fan-out floor again on a broker without TLS or SASL
 *       ({@link PlaintextKafka}): what TLS and SCRAM cost in this run.</li>
 * </ol>
 * Rounds keep every message well inside the backbone's clock-skew bound and the backlog small.
 */
public final class PipelineBenchmark {
    /** Messages sealed and then published per timed round. */
    static final int ROUND = 20_000;

    private static final int SEALING_THREADS = 2;

    private final BenchSettings settings;
    private final PrintWriter progress;
    private final MessageMix mix = new MessageMix();
    private final CpuMeter cpu = new CpuMeter();

    /** Input messages per second over a phase's timed rounds, and the CPU this JVM spent per message meanwhile. */
    private record Timed(double perSecond, BenchReport.Cpu cpu) {}

    public PipelineBenchmark(BenchSettings settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public BenchReport run() {
        Optional<AsyncProfiler> profiler = settings.profile().map(p -> loadProfiler());
        Map<MessageMix.Kind, Integer> deliveriesOfKind = new HashMap<>();
        int recipients = requireRecipients(loadPolicy(), deliveriesOfKind);
        Path home = createHome();
        // Every ingress and inbox topic has --partitions from the start: the backbone refuses a topic that grows.
        TopicPlan topics = new TopicPlan(
                settings.partitions(),
                TopicPlan.embedded(settings.brokers()).replicationFactor(),
                TopicPlan.DEFAULT_INGRESS_RETENTION,
                TopicPlan.DEFAULT_INBOX_RETENTION);
        List<BackboneNode> instances = new ArrayList<>();
        try (EmbeddedBackbone stack = EmbeddedBackbone.start(
                new LiaisonHome(home),
                EmbeddedBackbone.Ports.EPHEMERAL,
                settings.brokers(),
                settings.policy(),
                topics,
                settings.threads(),
                progress)) {
            for (int i = 2; i <= settings.instances(); i++) {
                instances.add(startInstance(stack, home, i));
            }
            return run(stack, home, recipients, deliveriesOfKind, profiler);
        } finally {
            instances.forEach(BackboneNode::close);
            deleteRecursively(home);
        }
    }

    /**
     * async-profiler from its jar, whose native library serves Linux on x86-64 only: elsewhere
     * {@code --profile} refuses before the run rather than measuring without the profile it asked for.
     */
    private static AsyncProfiler loadProfiler() {
        try {
            return AsyncProfiler.getInstance();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException(
                    "cannot load async-profiler (--profile needs Linux on x86-64): " + e.getMessage(), e);
        }
    }

    private static void start(AsyncProfiler profiler) {
        try {
            profiler.execute(StreamThreadProfile.PROFILER_START);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start async-profiler: " + e.getMessage(), e);
        }
    }

    /** Sealing between rounds runs on other threads; the stream threads' samples are the pipeline's. */
    private void writeProfile(AsyncProfiler profiler, Path file) {
        try {
            profiler.execute(StreamThreadProfile.profilerStopInto(file));
            progress.printf("  CPU profile of the maximum-throughput phase (collapsed stacks): %s%n", file);
            StreamThreadProfile.read(file, 25).lines().forEach(line -> progress.println("  " + line));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the CPU profile " + file + ": " + e.getMessage(), e);
        }
    }

    private BenchReport run(
            EmbeddedBackbone stack,
            Path home,
            int recipients,
            Map<MessageMix.Kind, Integer> deliveriesOfKind,
            Optional<AsyncProfiler> profiler) {
        Policy policy = stack.policy();
        // The broker is secured: each agency publishes as itself (only it may write its ingress topic);
        // the admin, the super user, counts deliveries in every inbox and runs the passthrough.
        Map<String, Object> admin = stack.broker().adminClientProperties();
        AvroCodec codec = new AvroCodec(
                new ConfluentRegistryClient(
                        RegistryClientConfig.of(stack.registry().url().toString())),
                true);
        // Registered once, up front: two sealing threads registering a new subject at the same
        // moment make Apicurio answer 409 to one of them.
        for (MessageMix.Kind k : mix.kinds()) {
            Schema payloadSchema = k.template().apply("schema", Instant.now()).getSchema();
            codec.schemaId(payloadSchema.getFullName(), payloadSchema);
            codec.schemaId(Topics.ingress(k.sender()) + "-value", Envelope.getClassSchema());
        }
        Map<String, MessageSealer> sealers = new HashMap<>();
        for (MessageMix.Kind k : mix.kinds()) {
            sealers.computeIfAbsent(
                    k.sender(),
                    a -> new MessageSealer(
                            stack.pki().signingIdentity(a, KeyRole.AGENCY_SIGNING, Optional.empty()),
                            codec,
                            Clock.systemUTC(),
                            AgencyGatewayConfig.DEFAULT_MAX_MESSAGE_BYTES));
        }
        // gateways seal each envelope to the backbone's encryption key: the backlog holds what they would send
        IngressSealer ingress = new IngressSealer(stack.trust(), Clock.systemUTC());
        List<String> inboxes = policy.agencies().stream().map(Topics::inbox).toList();
        List<SealedBacklog> rounds = new ArrayList<>();
        SealedBacklog warmup;
        int nextIndex = 0;
        double pipelinePerSecond;
        double deliveriesPerSecond;
        BenchReport.Cpu pipelineCpu;
        double sealedPerSecond;
        List<BenchReport.LoadPhase> phases = new ArrayList<>();
        try (IngressProducers producer = new IngressProducers(sealers.keySet(), stack::clientProperties);
                DeliveryCounter delivered = new DeliveryCounter(admin, inboxes)) {
            progress.printf("  warming up the backbone with %d messages ...%n", settings.warmupMessages());
            warmup = SealedBacklog.seal(
                    home.resolve("warmup.bin"),
                    nextIndex,
                    settings.warmupMessages(),
                    mix,
                    sealers,
                    codec,
                    ingress,
                    deliveriesOfKind::get,
                    settings.batchSize(),
                    SEALING_THREADS);
            nextIndex += warmup.size();
            pump(
                    warmup,
                    PipelineBenchmark::toIngress,
                    producer,
                    delivered,
                    warmup.deliveries(0, warmup.size()),
                    "pipeline warm-up",
                    stack);

            long timedNanos = 0;
            CpuMeter.Use timedCpu = CpuMeter.Use.NONE;
            long timedDeliveries = 0;
            double sealingSeconds = 0;
            profiler.ifPresent(PipelineBenchmark::start);
            for (int done = 0; done < settings.messages(); done += ROUND) {
                int count = Math.min(ROUND, settings.messages() - done);
                progress.printf(
                        "  sealing messages %d-%d (Merkle batches of up to %d) ...%n",
                        done + 1, done + count, settings.batchSize());
                SealedBacklog round = SealedBacklog.seal(
                        home.resolve("round-" + rounds.size() + ".bin"),
                        nextIndex,
                        count,
                        mix,
                        sealers,
                        codec,
                        ingress,
                        deliveriesOfKind::get,
                        settings.batchSize(),
                        SEALING_THREADS);
                nextIndex += count;
                rounds.add(round);
                sealingSeconds += count / round.sealedPerSecond();
                progress.printf("  publishing them at full speed and waiting for every delivery ...%n");
                long expected = round.deliveries(0, round.size());
                CpuMeter.Reading before = cpu.read();
                long nanos = pump(
                        round,
                        PipelineBenchmark::toIngress,
                        producer,
                        delivered,
                        expected,
                        "pipeline round " + rounds.size(),
                        stack);
                timedNanos += nanos;
                timedCpu = timedCpu.plus(cpu.read().since(before));
                timedDeliveries += expected;
                progress.printf("    %.0f msg/s%n", count / (nanos / 1e9));
            }
            profiler.ifPresent(p -> writeProfile(p, settings.profile().orElseThrow()));
            pipelinePerSecond = settings.messages() / (timedNanos / 1e9);
            pipelineCpu = timedCpu.perMessage(settings.messages());
            deliveriesPerSecond = timedDeliveries / (timedNanos / 1e9);
            sealedPerSecond = settings.messages() / sealingSeconds;

            for (double load : BenchSettings.LOADS) {
                double rate = load * pipelinePerSecond;
                int count = settings.phaseMessages(rate);
                progress.printf(
                        "  offering %.0f msg/s (%.0f%% of the maximum) for %d messages ...%n", rate, load * 100, count);
                phases.add(paced(
                        load,
                        rate,
                        nextIndex,
                        count,
                        sealers,
                        codec,
                        ingress,
                        deliveriesOfKind,
                        producer,
                        delivered,
                        stack));
                nextIndex += count;
            }
        }
        Map<String, Long> quarantined = stack.backbone().metrics().quarantinedByReason();

        Set<String> publishers = new TreeSet<>(sealers.keySet());
        Timed passthrough = passthrough(admin, home, warmup, rounds, publishers);
        int auditBytes = meanValueBytes(admin, Topics.AUDIT);
        Timed fanOut = fanOut(admin, home, warmup, rounds, publishers, recipients, auditBytes);
        Timed sealedFloor = sealedFanOut(
                admin, home, warmup, rounds, publishers, auditBytes, sealedFloorKeys(stack, codec, policy, recipients));
        BenchReport.Plaintext plaintext;
        progress.printf(
                "  starting a plaintext broker (no TLS, no SASL) to run the passthrough and the fan-out floor again ...%n");
        Path plain = home.resolve("plaintext");
        try (PlaintextKafka kafka = PlaintextKafka.start(plain.resolve("kafka"))) {
            Map<String, Object> client = kafka.clientProperties();
            plaintext = new BenchReport.Plaintext(
                    passthrough(client, plain, warmup, rounds, publishers).perSecond(),
                    fanOut(client, plain, warmup, rounds, publishers, recipients, auditBytes)
                            .perSecond());
        }
        long allDeliveries =
                rounds.stream().mapToLong(r -> r.deliveries(0, r.size())).sum();
        return new BenchReport(
                settings.messages(),
                settings.partitions(),
                settings.threads(),
                settings.batchSize(),
                recipients,
                (double) allDeliveries / settings.messages(),
                sealedPerSecond,
                pipelinePerSecond,
                deliveriesPerSecond,
                passthrough.perSecond(),
                new BenchReport.FanOut(fanOut.perSecond(), auditBytes),
                sealedFloor.perSecond(),
                plaintext,
                new BenchReport.CpuPerMessage(pipelineCpu, passthrough.cpu(), fanOut.cpu(), sealedFloor.cpu()),
                phases,
                quarantined);
    }

    /**
     * Another instance of the backbone's Streams application in this JVM (scale-out): its own state
     * directory and stream threads, the backbone's login and keys; the group spreads the tasks.
     */
    private BackboneNode startInstance(EmbeddedBackbone stack, Path home, int number) {
        String component = "liaison-streams@bench-" + number;
        progress.printf("  starting backbone instance %d (%s) ...%n", number, component);
        Map<String, String> login = new HashMap<>();
        stack.clientProperties(Principals.STREAMS).forEach((k, v) -> login.put(k, String.valueOf(v)));
        login.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        BackboneNode node = BackboneNode.start(
                new StreamsAppConfig(
                        AclPlan.DEFAULT_STREAMS_APPLICATION_ID,
                        stack.connection().bootstrapServers(),
                        home.resolve("streams-" + number),
                        settings.threads(),
                        (short) -1,
                        Map.of()),
                BackboneSettings.defaults(component).withIngressPartitions(settings.partitions()),
                new ConfluentRegistryClient(
                        RegistryClientConfig.of(stack.connection().registryUrl())),
                stack.pki(),
                stack.policy(),
                login,
                new PseudonymSettings(new LiaisonHome(home).pseudonymSecret(), Redactor.DEFAULT_PSEUDONYM_PERIOD),
                null);
        return node.awaitRunning(Duration.ofSeconds(120));
    }

    private Policy loadPolicy() {
        try {
            return PolicyLoader.load(settings.policy());
        } catch (PolicyException e) {
            throw new StartupRefusedException("the policy is invalid:\n" + e.getMessage(), e);
        }
    }

    /** Fills {@code deliveriesOfKind} and returns the recipient decisions per message, checked against --agencies. */
    private int requireRecipients(Policy policy, Map<MessageMix.Kind, Integer> deliveriesOfKind) {
        Instant now = Instant.now();
        int recipients = -1;
        for (MessageMix.Kind k : mix.kinds()) {
            GenericRecord sample = k.template().apply("sample", now);
            if (!policy.mayIssue(k.sender(), sample.getSchema().getName())) {
                throw new StartupRefusedException("the benchmark publishes "
                        + sample.getSchema().getName() + " as " + k.sender() + ", which policy " + policy.sourceName()
                        + " does not allow; use the example MOU (config/policy.yaml)");
            }
            deliveriesOfKind.put(k, MessageMix.deliveries(policy, k, sample));
            recipients = MessageMix.decisions(policy, k, sample).size();
        }
        if (recipients != settings.agencies()) {
            throw new StartupRefusedException("--agencies " + settings.agencies() + " does not match policy "
                    + policy.sourceName()
                    + ": it decides every message for " + recipients + " recipient agencies (all but the sender); "
                    + "pass --policy with another MOU to change that");
        }
        return recipients;
    }

    private static ProducerRecord<String, byte[]> toIngress(SealedBacklog.Entry e) {
        return new ProducerRecord<>(e.topic(), e.key(), e.value());
    }

    /** Publishes a whole backlog as fast as the producer goes; returns nanoseconds until all {@code expected} arrived. */
    private static long pump(
            SealedBacklog backlog,
            Function<SealedBacklog.Entry, ProducerRecord<String, byte[]>> toRecord,
            IngressProducers producer,
            DeliveryCounter counter,
            long expected,
            String what,
            EmbeddedBackbone stack) {
        CompletableFuture<Long> done = counter.expect(expected, null);
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        long start = System.nanoTime();
        backlog.forEach(
                0,
                backlog.size(),
                e -> producer.send(toRecord.apply(e), (meta, error) -> {
                    if (error != null) {
                        sendFailure.compareAndSet(null, error);
                    }
                }));
        producer.flush();
        if (sendFailure.get() != null) {
            throw new IllegalStateException(
                    what + ": the broker refused a record: " + sendFailure.get().getMessage(), sendFailure.get());
        }
        return awaitDeliveries(counter, done, Duration.ofSeconds(120 + backlog.size() / 100), what, stack) - start;
    }

    private static long awaitDeliveries(
            DeliveryCounter counter,
            CompletableFuture<Long> done,
            Duration timeout,
            String what,
            EmbeddedBackbone stack) {
        try {
            return counter.await(done, timeout, what);
        } catch (IllegalStateException e) {
            Map<String, Long> quarantined =
                    stack == null ? Map.of() : stack.backbone().metrics().quarantinedByReason();
            throw new IllegalStateException(
                    e.getMessage() + (quarantined.isEmpty() ? "" : "; quarantined: " + quarantined), e);
        }
    }

    /**
     * One fixed offered load. Message {@code i} falls due at its scheduled time and is stamped with
     * it; the gateway waits up to the linger after the oldest unsent message fell due, then seals
     * everything due in Merkle batches per kind and sends it.
     */
    private BenchReport.LoadPhase paced(
            double load,
            double rate,
            int firstIndex,
            int count,
            Map<String, MessageSealer> sealers,
            AvroCodec codec,
            IngressSealer ingress,
            Map<MessageMix.Kind, Integer> deliveriesOfKind,
            IngressProducers producer,
            DeliveryCounter counter,
            EmbeddedBackbone stack) {
        long expected = 0;
        for (int i = firstIndex; i < firstIndex + count; i++) {
            expected += deliveriesOfKind.get(mix.kindOf(i));
        }
        LatencyRecorder latencies = new LatencyRecorder();
        CompletableFuture<Long> done = counter.expect(expected, latencies);
        long lingerNanos = settings.linger().toNanos();
        long startWallMillis = System.currentTimeMillis() + 50;
        OfferSchedule schedule = new OfferSchedule(
                rate, System.nanoTime() + Duration.ofMillis(50).toNanos(), count);
        int sent = 0;
        while (!schedule.finished(sent)) {
            long wake = schedule.dueNanos(sent) + lingerNanos;
            for (long now = System.nanoTime(); now < wake; now = System.nanoTime()) {
                LockSupport.parkNanos(wake - now);
            }
            int due = schedule.dueBy(System.nanoTime());
            sendDue(firstIndex, sent, due, schedule, startWallMillis, sealers, codec, ingress, producer, latencies);
            sent = due;
        }
        producer.flush();
        awaitDeliveries(counter, done, Duration.ofSeconds(120), "latency phase at " + (int) (load * 100) + "%", stack);
        return new BenchReport.LoadPhase(
                load,
                rate,
                count,
                latencies.count(),
                latencies.percentile(50),
                latencies.percentile(99),
                latencies.percentile(99.9));
    }

    private void sendDue(
            int firstIndex,
            int from,
            int to,
            OfferSchedule schedule,
            long startWallMillis,
            Map<String, MessageSealer> sealers,
            AvroCodec codec,
            IngressSealer ingress,
            IngressProducers producer,
            LatencyRecorder latencies) {
        Instant now = Instant.now();
        Map<MessageMix.Kind, List<Integer>> byKind = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            byKind.computeIfAbsent(mix.kindOf(firstIndex + i), k -> new ArrayList<>())
                    .add(i);
        }
        byKind.forEach((kind, offsets) -> {
            String topic = Topics.ingress(kind.sender());
            for (int b = 0; b < offsets.size(); b += settings.batchSize()) {
                List<Integer> batch = offsets.subList(b, Math.min(offsets.size(), b + settings.batchSize()));
                List<Envelope> sealed = sealers.get(kind.sender())
                        .sealBatch(
                                batch.stream()
                                        .map(i -> mix.payload(firstIndex + i, now))
                                        .toList(),
                                kind.headers());
                for (int k = 0; k < sealed.size(); k++) {
                    long dueWallMillis =
                            startWallMillis + (schedule.dueNanos(batch.get(k)) - schedule.startNanos()) / 1_000_000;
                    Envelope e = sealed.get(k);
                    latencies.published(e.getMessageId(), dueWallMillis);
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    null,
                                    dueWallMillis,
                                    e.getMessageId(),
                                    ingress.seal(
                                            kind.sender(),
                                            e.getMessageId(),
                                            e.getMessageType(),
                                            codec.encode(topic + "-value", e))),
                            null);
                }
            }
        });
    }

    /** The same sealed records, in the same rounds, through the exactly-once passthrough. */
    private Timed passthrough(
            Map<String, Object> admin,
            Path home,
            SealedBacklog warmup,
            List<SealedBacklog> rounds,
            Set<String> publishers) {
        progress.printf(
                "  starting the passthrough baseline (Kafka Streams exactly-once v2, %d partitions) ...%n",
                settings.partitions());
        BaselineApp.TopicNames topics = new BaselineApp.TopicNames("passthrough", settings.partitions());
        Function<SealedBacklog.Entry, ProducerRecord<String, byte[]>> toInput =
                e -> new ProducerRecord<>(topics.input(Topics.ingressOwner(e.topic())), e.key(), e.value());
        try (BaselineApp baseline = BaselineApp.passthrough(
                admin, topics, publishers, home.resolve("passthrough-state"), settings.threads())) {
            return timeRounds(
                    admin, warmup, rounds, toInput, List.of(topics.copies(0)), SealedBacklog::size, "passthrough");
        }
    }

    /** The same sealed records, in the same rounds, through the backbone's writes without its work ({@link BaselineApp#fanOut}). */
    private Timed fanOut(
            Map<String, Object> admin,
            Path home,
            SealedBacklog warmup,
            List<SealedBacklog> rounds,
            Set<String> publishers,
            int recipients,
            int auditBytes) {
        progress.printf(
                "  starting the fan-out floor (the backbone's writes, exactly-once v2, no crypto or policy) ...%n");
        return floor(
                admin,
                warmup,
                rounds,
                new BaselineApp.TopicNames("fan-out", settings.partitions()),
                recipients,
                "fan-out floor",
                topics -> BaselineApp.fanOut(
                        admin,
                        topics,
                        publishers,
                        home.resolve("fan-out-state"),
                        settings.threads(),
                        recipients,
                        auditBytes));
    }

    /** The same sealed records through the fan-out floor plus the cryptography ({@link BaselineApp#sealedFanOut}). */
    private Timed sealedFanOut(
            Map<String, Object> admin,
            Path home,
            SealedBacklog warmup,
            List<SealedBacklog> rounds,
            Set<String> publishers,
            int auditBytes,
            BaselineApp.SealedFloorKeys keys) {
        progress.printf("  starting the sealed floor (the fan-out floor, each message opened, signed once "
                + "and its copies sealed with their key records) ...%n");
        return floor(
                admin,
                warmup,
                rounds,
                new BaselineApp.TopicNames("sealed-floor", settings.partitions()),
                keys.recipients().size(),
                "sealed floor",
                topics -> BaselineApp.sealedFanOut(
                        admin,
                        topics,
                        publishers,
                        home.resolve("sealed-floor-state"),
                        settings.threads(),
                        auditBytes,
                        keys));
    }

    /** Times one floor: each record tells it how many copies the policy grants it, and those copies are counted. */
    private Timed floor(
            Map<String, Object> admin,
            SealedBacklog warmup,
            List<SealedBacklog> rounds,
            BaselineApp.TopicNames topics,
            int recipients,
            String what,
            Function<BaselineApp.TopicNames, BaselineApp> start) {
        Function<SealedBacklog.Entry, ProducerRecord<String, byte[]>> toInput = e -> {
            ProducerRecord<String, byte[]> r =
                    new ProducerRecord<>(topics.input(Topics.ingressOwner(e.topic())), e.key(), e.value());
            r.headers().add(BaselineApp.DELIVERIES_HEADER, new byte[] {(byte) e.deliveries()});
            return r;
        };
        List<String> copies =
                IntStream.range(0, recipients).mapToObj(topics::copies).toList();
        try (BaselineApp floor = start.apply(topics)) {
            return timeRounds(admin, warmup, rounds, toInput, copies, b -> b.deliveries(0, b.size()), what);
        }
    }

    /**
     * The sealed floor's cryptography with the backbone's own keys from this run's PKI: copy {@code r}
     * goes to the {@code r}-th of the policy's agencies.
     */
    private static BaselineApp.SealedFloorKeys sealedFloorKeys(
            EmbeddedBackbone stack, AvroCodec codec, Policy policy, int recipients) {
        try {
            DecryptionKeys backboneKeys = stack.pki()
                    .decryptionKeys(CertificateProfiles.BACKBONE_OWNER, EncryptionRole.BACKBONE, Optional.empty());
            return new BaselineApp.SealedFloorKeys(
                    new EdgeSealing(
                            backboneKeys,
                            stack.trust(),
                            codec,
                            Clock.systemUTC(),
                            BackboneSettings.defaults("liaison-bench-sealed-floor")),
                    stack.pki()
                            .signingIdentity(
                                    CertificateProfiles.BACKBONE_OWNER, KeyRole.BACKBONE_ATTESTATION, Optional.empty()),
                    policy.agencies().stream().sorted().limit(recipients).toList());
        } catch (PkiException e) {
            throw new IllegalStateException(
                    "cannot load the backbone's keys for the sealed floor: " + e.getMessage(), e);
        }
    }

    /** Warms a baseline up, then publishes every round and times it until {@code expected} records reached {@code outputs}. */
    private Timed timeRounds(
            Map<String, Object> admin,
            SealedBacklog warmup,
            List<SealedBacklog> rounds,
            Function<SealedBacklog.Entry, ProducerRecord<String, byte[]>> toInput,
            List<String> outputs,
            ToLongFunction<SealedBacklog> expected,
            String what) {
        try (IngressProducers producer = IngressProducers.single(admin);
                DeliveryCounter counted = new DeliveryCounter(admin, outputs)) {
            progress.printf("  warming up the %s ...%n", what);
            pump(warmup, toInput, producer, counted, expected.applyAsLong(warmup), what + " warm-up", null);
            long nanos = 0;
            CpuMeter.Use used = CpuMeter.Use.NONE;
            for (SealedBacklog round : rounds) {
                CpuMeter.Reading before = cpu.read();
                nanos += pump(round, toInput, producer, counted, expected.applyAsLong(round), what, null);
                used = used.plus(cpu.read().since(before));
            }
            int messages = rounds.stream().mapToInt(SealedBacklog::size).sum();
            return new Timed(messages / (nanos / 1e9), used.perMessage(messages));
        }
    }

    /** Mean value size of the first records of {@code topic} (the audit records the backbone wrote in this run). */
    private static int meanValueBytes(Map<String, Object> admin, String topic) {
        try (TopicTail tail = new TopicTail(admin, topic)) {
            List<ConsumerRecord<byte[], byte[]>> records = tail.poll();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < 10_000 && System.nanoTime() < deadline) {
                records = tail.poll();
            }
            if (records.isEmpty()) {
                throw new IllegalStateException("no audit record to measure in " + topic);
            }
            return (int) (records.stream()
                            .mapToLong(r -> r.value() == null ? 0 : r.value().length)
                            .sum()
                    / records.size());
        }
    }

    private static Path createHome() {
        try {
            return Files.createTempDirectory("liaison-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Liaison home", e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
