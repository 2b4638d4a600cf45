package org.envgate.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.envgate.common.LogText;
import org.envgate.common.mqtt.Backoff;
import org.envgate.common.systemd.Heartbeat;
import org.envgate.ingest.decode.Decoded;
import org.envgate.ingest.decode.PackDecoder;
import org.envgate.ingest.decode.RejectReason;
import org.envgate.ingest.mqtt.Delivery;
import org.envgate.ingest.mqtt.Publication;
import org.envgate.ingest.store.PointStore;
import org.envgate.ingest.store.StoreException;
import org.envgate.wire.QcCounts;
import org.tinylog.Logger;

/**
 * From arrived messages to stored points and acknowledgements, in two stages: one thread decodes
 * messages and gathers them into a batch for as long as the writers are busy (up to the batch
 * size); two writer threads each write a batch and then acknowledge its messages in arrival
 * order. The second writer only ever takes a full batch while the first is writing, so a store
 * that answers slowly is sent the next full batch while it works on the previous one, and small
 * batches are still written one at a time.
 *
 * <p>A message is acknowledged, in arrival order, only after the store accepted all of its
 * points, or, if it was rejected, once its dead letter is queued for the dead-letter thread (or
 * dropped because that path is saturated). While the store is down the same batch is retried
 * with backoff and nothing is acknowledged, so the broker holds everything else. Nothing here
 * waits for the broker: the receiving thread only waits for room in the inbox, which the
 * decode thread always drains into the next batch.
 *
 * <p>Each thread beats a {@link Heartbeat} every turn, and the writer also between retries, so a
 * decoder or a write stuck for good stops the systemd watchdog's pings.
 */
final class Pipeline implements AutoCloseable {

    /** Starts a QoS 1 publish without waiting for the broker's acknowledgement. */
    @FunctionalInterface
    interface Publisher {
        Publication publish(String topic, byte[] payload);
    }

    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final int REJECTIONS_LOGGED_PER_MINUTE = 20;
    /** The longest a decode turn may take: a full batch of the largest messages takes seconds. */
    private static final Duration DECODE_BOUND = Duration.ofMinutes(2);
    /** How often a gathering batch looks whether the writer is free, while no message arrives. */
    private static final long HAND_OVER_CHECK_MILLIS = 2;
    /** Writes in flight at most: one while the store answers, one being sent. */
    private static final int WRITERS = 2;

    private final PackDecoder decoder;
    private final PointStore store;
    private final DeadLetters deadLetters;
    private final DeadLetterSender deadLetterSender;
    private final int batchSize;
    private final long maxMessageBytes;
    private final IngestCounters counters;
    private final BlockingQueue<Delivery> inbox;
    /** Hands a batch to a writer only while a writer waits for one (see {@link #decodeLoop}). */
    private final BlockingQueue<Batch> batches = new SynchronousQueue<>();
    /** Batches handed over (or being handed over) and not yet acknowledged: counted up by the decode thread only. */
    private final AtomicInteger writing = new AtomicInteger();
    private final Thread decodeThread;
    private final List<Writer> writers = new ArrayList<>(WRITERS);
    private final Heartbeat decodeHeartbeat = new Heartbeat("ingest decoder", DECODE_BOUND);
    /** Batches are numbered as they are handed over and acknowledged in that order. */
    private long batchesHandedOver;
    private final Object turn = new Object();
    /** Guarded by {@link #turn}: the number of the last batch whose messages were acknowledged. */
    private long lastAcknowledgedBatch;
    private volatile boolean running = true;
    /** Guarded by {@link #turn}, like everything done in acknowledgement order. */
    private long rejectionLogMinute;
    private int rejectionsLogged;

    /** @param maxMessageBytes {@code packs.max-size}, named in the reason for a message over it */
    Pipeline(PackDecoder decoder, PointStore store, DeadLetters deadLetters, Publisher publisher, int batchSize,
             long maxMessageBytes, IngestCounters counters) {
        this.decoder = decoder;
        this.store = store;
        this.deadLetters = deadLetters;
        this.deadLetterSender = new DeadLetterSender(publisher, counters);
        this.batchSize = batchSize;
        this.maxMessageBytes = maxMessageBytes;
        this.counters = counters;
        // Enough to keep a batch filling while the previous one is written; the broker holds the rest.
        this.inbox = new ArrayBlockingQueue<>(Math.max(64, Math.min(4096, batchSize / 10)));
        this.decodeThread = new Thread(this::decodeLoop, "ingest-decode");
        for (int i = 1; i <= WRITERS; i++) {
            writers.add(new Writer("ingest-write-" + i));
        }
    }

    void start() {
        deadLetterSender.start();
        decodeThread.start();
        writers.forEach(writer -> writer.thread.start());
    }

    /** The threads' signs of life, for the systemd watchdog. */
    List<Heartbeat> heartbeats() {
        List<Heartbeat> all = new ArrayList<>(List.of(decodeHeartbeat));
        writers.forEach(writer -> all.add(writer.heartbeat));
        return all;
    }

    /** Takes one message; blocks while the pipeline is full, gives up once it is closing. */
    void accept(Delivery delivery) {
        counters.messages.incrementAndGet();
        if (delivery.redelivered()) {
            counters.redelivered.incrementAndGet();
        }
        try {
            while (running) {
                if (inbox.offer(delivery, 200, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Batch(long number, List<Delivery> deliveries, List<Decoded> decoded, List<String> lines, int readings, QcCounts flags) {
    }

    /**
     * Gathers messages into a batch for as long as the writer is busy with the previous one, and
     * hands it over when the writer is free or the batch is full: handing over whatever happened
     * to be waiting made batches of a message or two as soon as decoding kept up with the broker.
     */
    private void decodeLoop() {
        try {
            Gathering gathering = new Gathering();
            while (running) {
                decodeHeartbeat.beat();
                Delivery next = gathering.isEmpty() ? inbox.poll(200, TimeUnit.MILLISECONDS)
                        : inbox.poll(HAND_OVER_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                for (; next != null; next = gathering.lines.size() < batchSize ? inbox.poll() : null) {
                    gathering.add(next);
                }
                if (gathering.isEmpty()) {
                    continue;
                }
                boolean full = gathering.lines.size() >= batchSize;
                // a full batch waits for a writer; any other is handed over only if no write is under way
                if (full || writing.get() == 0) {
                    writing.incrementAndGet();
                    if (full ? handOver(gathering.batch()) : batches.offer(gathering.batch())) {
                        batchesHandedOver++;
                        gathering = new Gathering();
                    } else {
                        writing.decrementAndGet();
                    }
                }
            }
        } catch (InterruptedException e) {
            running = false;
        }
    }

    private boolean handOver(Batch batch) throws InterruptedException {
        while (running) {
            if (batches.offer(batch, 200, TimeUnit.MILLISECONDS)) {
                return true;
            }
            // the writer is still on the previous batch (or waiting for the store)
            decodeHeartbeat.beat();
        }
        return false;
    }

    /** The batch being gathered. */
    private final class Gathering {
        private final List<Delivery> deliveries = new ArrayList<>();
        private final List<Decoded> decoded = new ArrayList<>();
        private final List<String> lines = new ArrayList<>();
        private int readings;
        private QcCounts flags = QcCounts.NONE;

        boolean isEmpty() {
            return deliveries.isEmpty();
        }

        void add(Delivery delivery) {
            Decoded result = delivery.oversize() >= 0
                    ? new Decoded.Rejected(gatewayOf(delivery.topic()), RejectReason.TOO_LARGE, "message of "
                            + delivery.oversize() + " bytes exceeds packs.max-size " + maxMessageBytes)
                    : decoder.decode(delivery.topic(), delivery.payload(), delivery.receivedMillis());
            deliveries.add(delivery);
            decoded.add(result);
            if (result instanceof Decoded.Points points) {
                lines.addAll(points.lines());
                readings += points.readings();
                counters.readingsReceived.addAndGet(points.readings());
                flags = flags.plus(points.flags());
                counters.unknownKeys.addAndGet(points.unknownKeys());
            }
        }

        /** The batch, numbered as the next one to be handed over. */
        Batch batch() {
            return new Batch(batchesHandedOver + 1, deliveries, decoded, lines, readings, flags);
        }
    }

    /** A writer thread: writes a batch, waits for the batches before it, acknowledges its messages. */
    private final class Writer {
        final Thread thread;
        // A write may take its timeout to connect, as long to send and as long for the answer.
        final Heartbeat heartbeat = new Heartbeat("store writer (" + store.describe() + ")",
                store.writeTimeout().multipliedBy(4));
        final Backoff backoff = new Backoff(FIRST_RETRY, MAX_RETRY, ThreadLocalRandom.current());

        Writer(String name) {
            this.thread = new Thread(this::loop, name);
        }

        private void loop() {
            try {
                while (running) {
                    heartbeat.beat();
                    Batch batch = batches.poll(200, TimeUnit.MILLISECONDS);
                    if (batch != null) {
                        try {
                            handle(batch);
                        } finally {
                            writing.decrementAndGet();
                        }
                    }
                }
            } catch (InterruptedException e) {
                running = false;
            }
        }

        private void handle(Batch batch) throws InterruptedException {
            List<Decoded> outcome = new ArrayList<>(batch.decoded());
            try {
                writeRetrying(batch.lines());
                counters.points.addAndGet(batch.lines().size());
                counters.readings.addAndGet(batch.readings());
                counters.countFlags(batch.flags());
            } catch (StoreException refused) {
                // Some line is one the store will never take: find the messages it came from.
                writeOneByOne(batch, outcome);
            }
            synchronized (turn) {
                // MQTT wants acknowledgements in the order the messages came: after the batch before.
                while (running && lastAcknowledgedBatch != batch.number() - 1) {
                    turn.wait(200);
                    heartbeat.beat();
                }
                for (int i = 0; i < batch.deliveries().size() && running; i++) {
                    Delivery delivery = batch.deliveries().get(i);
                    if (outcome.get(i) instanceof Decoded.Rejected rejected) {
                        deadLetter(delivery, rejected);
                    }
                    if (delivery.ack().send()) {
                        counters.acknowledged.incrementAndGet();
                    }
                }
                lastAcknowledgedBatch = batch.number();
                turn.notifyAll();
            }
        }

        private void writeOneByOne(Batch batch, List<Decoded> outcome) throws InterruptedException {
            for (int i = 0; i < batch.deliveries().size() && running; i++) {
                if (!(outcome.get(i) instanceof Decoded.Points points)) {
                    continue;
                }
                try {
                    writeRetrying(points.lines());
                    counters.points.addAndGet(points.lines().size());
                    counters.readings.addAndGet(points.readings());
                    counters.countFlags(points.flags());
                } catch (StoreException e) {
                    String gateway = gatewayOf(batch.deliveries().get(i).topic());
                    outcome.set(i, new Decoded.Rejected(gateway, RejectReason.STORE_REFUSED,
                            "the store refused it: " + e.getMessage()));
                }
            }
        }

        /**
         * Writes, retrying with backoff for as long as the store cannot take the lines (down,
         * unreachable, overloaded): only a refusal of the lines themselves ends it with an exception.
         */
        private void writeRetrying(List<String> lines) throws StoreException, InterruptedException {
            long failingSince = 0;
            while (running) {
                heartbeat.beat();
                try {
                    long started = System.nanoTime();
                    store.write(lines);
                    counters.storeWrites.observe((System.nanoTime() - started) / 1e9);
                    if (failingSince != 0) {
                        Logger.info("store {} accepts writes again after {} s", store.describe(),
                                (System.currentTimeMillis() - failingSince) / 1000);
                    }
                    backoff.reset();
                    return;
                } catch (StoreException e) {
                    if (e.refusedData()) {
                        throw e;
                    }
                    counters.writeFailures.incrementAndGet();
                    if (failingSince == 0) {
                        failingSince = System.currentTimeMillis();
                        Logger.warn("cannot write to the store: {}; holding messages unacknowledged and retrying",
                                LogText.untrusted(e.getMessage(), 200));
                    }
                    waitBeating(backoff.next());
                }
            }
            throw new InterruptedException("closing while the store is unavailable");
        }

        /** Waits between retries, beating meanwhile: waiting for the store is not hanging. */
        private void waitBeating(Duration wait) throws InterruptedException {
            long step = Math.max(1, Math.min(1000, heartbeat.bound().toMillis() / 4));
            long end = System.nanoTime() + wait.toNanos();
            for (long left = wait.toMillis(); left > 0 && running; left = (end - System.nanoTime()) / 1_000_000) {
                Thread.sleep(Math.min(step, left));
                heartbeat.beat();
            }
        }
    }

    private void deadLetter(Delivery delivery, Decoded.Rejected rejected) {
        counters.countRejected(rejected.kind());
        logRejection(delivery.topic(), rejected.reason());
        byte[] message = DeadLetters.message(delivery.topic(), rejected.reason(), delivery.receivedMillis(),
                delivery.payload(), delivery.oversize() >= 0 ? delivery.oversize() : delivery.payload().length);
        deadLetterSender.offer(deadLetters.topic(rejected.gateway()), message);
    }

    private void logRejection(String topic, String reason) {
        long minute = System.currentTimeMillis() / 60_000;
        if (minute != rejectionLogMinute) {
            rejectionLogMinute = minute;
            rejectionsLogged = 0;
        }
        if (rejectionsLogged++ < REJECTIONS_LOGGED_PER_MINUTE) {
            Logger.warn("rejected a message on {}: {}", LogText.untrusted(topic), LogText.untrusted(reason, 200));
        } else if (rejectionsLogged == REJECTIONS_LOGGED_PER_MINUTE + 1) {
            Logger.warn("more rejections this minute are counted but not logged");
        }
    }

    private String gatewayOf(String topic) {
        String[] levels = topic.split("/", -1);
        // P/G/<kind>, or P/G/alerts/<rule>
        int fromEnd = levels.length >= 3 && levels[levels.length - 2].equals("alerts") ? 3 : 2;
        return levels.length >= fromEnd ? levels[levels.length - fromEnd] : "_unknown";
    }

    /** Stops taking messages; what was taken and not yet acknowledged stays with the broker. */
    void stopAccepting() {
        running = false;
    }

    @Override
    public void close() {
        running = false;
        // Wakes the writers from a backoff wait or a write that hangs.
        writers.forEach(writer -> writer.thread.interrupt());
        try {
            decodeThread.join(5000);
            for (Writer writer : writers) {
                writer.thread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetterSender.close();
    }
}
