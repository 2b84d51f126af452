package io.liaison.bench.pipeline;

import io.liaison.cluster.topics.Topics;
import io.liaison.producer.IngressSealer;
import io.liaison.producer.MessageSealer;
import io.liaison.registry.AvroCodec;
import io.liaison.schemas.envelope.Envelope;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.apache.avro.generic.GenericRecord;

/**
 * Messages sealed by the agencies' gateways ahead of the maximum-throughput phase, on disk (a
 * sealed message with its field commitments is ~3 KB, too many for the heap at the default
 * count): the timed phase then measures the backbone, not the gateways, which on this one machine
 * would take CPU from it. Sealing uses Merkle batches of messages of one kind, as a gateway would.
 */
final class SealedBacklog {
    /** One ingress record, with the deliveries the policy grants it. */
    record Entry(String topic, String key, byte[] value, int deliveries) {}

    private final Path file;
    private final int[] deliveries;
    private final double sealedPerSecond;

    private SealedBacklog(Path file, int[] deliveries, double sealedPerSecond) {
        this.file = file;
        this.deliveries = deliveries;
        this.sealedPerSecond = sealedPerSecond;
    }

    /**
     * Seals messages {@code firstIndex..firstIndex+count-1} of the mix, on {@code threads} threads, in
     * batches of at most {@code batchSize} messages of one kind.
     */
    static SealedBacklog seal(
            Path file,
            int firstIndex,
            int count,
            MessageMix mix,
            Map<String, MessageSealer> sealers,
            AvroCodec codec,
            IngressSealer ingress,
            ToIntFunction<MessageMix.Kind> deliveriesOfKind,
            int batchSize,
            int threads) {
        int chunk = batchSize * mix.cycle();
        int[] deliveries = new int[count];
        int written = 0;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            Deque<Future<List<Entry>>> inFlight = new ArrayDeque<>();
            for (int from = firstIndex; from < firstIndex + count; from += chunk) {
                int first = from;
                int last = Math.min(firstIndex + count, from + chunk);
                inFlight.add(pool.submit(
                        () -> sealChunk(first, last, mix, sealers, codec, ingress, deliveriesOfKind, batchSize)));
                if (inFlight.size() > threads * 2) {
                    written = write(out, inFlight.removeFirst().get(), deliveries, written);
                }
            }
            while (!inFlight.isEmpty()) {
                written = write(out, inFlight.removeFirst().get(), deliveries, written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sealed backlog " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sealing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sealing failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new SealedBacklog(file, deliveries, count / ((System.nanoTime() - start) / 1e9));
    }

    /** Messages {@code first..last-1}, grouped by kind and sealed in batches. */
    static List<Entry> sealChunk(
            int first,
            int last,
            MessageMix mix,
            Map<String, MessageSealer> sealers,
            AvroCodec codec,
            IngressSealer ingress,
            ToIntFunction<MessageMix.Kind> deliveriesOfKind,
            int batchSize) {
        Instant now = Instant.now();
        Map<MessageMix.Kind, List<GenericRecord>> byKind = new LinkedHashMap<>();
        for (int i = first; i < last; i++) {
            byKind.computeIfAbsent(mix.kindOf(i), k -> new ArrayList<>()).add(mix.payload(i, now));
        }
        List<Entry> out = new ArrayList<>(last - first);
        byKind.forEach((kind, payloads) -> {
            String topic = Topics.ingress(kind.sender());
            for (int from = 0; from < payloads.size(); from += batchSize) {
                List<GenericRecord> batch = payloads.subList(from, Math.min(payloads.size(), from + batchSize));
                for (Envelope e : sealers.get(kind.sender()).sealBatch(batch, kind.headers())) {
                    byte[] value = ingress.seal(
                            kind.sender(), e.getMessageId(), e.getMessageType(), codec.encode(topic + "-value", e));
                    out.add(new Entry(topic, e.getMessageId(), value, deliveriesOfKind.applyAsInt(kind)));
                }
            }
        });
        return out;
    }

    /** Appends {@code entries}; returns how many entries the file holds now. */
    private static int write(DataOutputStream out, List<Entry> entries, int[] deliveries, int written)
            throws IOException {
        for (Entry e : entries) {
            deliveries[written++] = e.deliveries();
            out.writeUTF(e.topic());
            out.writeUTF(e.key());
            out.writeInt(e.deliveries());
            out.writeInt(e.value().length);
            out.write(e.value());
        }
        return written;
    }

    int size() {
        return deliveries.length;
    }

    /** Gateway sealing throughput while the backlog was built. */
    double sealedPerSecond() {
        return sealedPerSecond;
    }

    /** Deliveries the policy grants entries {@code from..to-1}: what the inboxes must receive for them. */
    long deliveries(int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += deliveries[i];
        }
        return sum;
    }

    /** Reads entries {@code from..to-1} in file order, handing each to {@code sink}. */
    void forEach(int from, int to, Consumer<Entry> sink) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            for (int i = 0; i < to; i++) {
                String topic = in.readUTF();
                String key = in.readUTF();
                int deliveriesOfEntry = in.readInt();
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                if (i >= from) {
                    sink.accept(new Entry(topic, key, value, deliveriesOfEntry));
                }
            }
        } catch (EOFException e) {
            throw new IllegalStateException("the sealed backlog " + file + " has fewer than " + to + " messages", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sealed backlog " + file, e);
        }
    }
}
