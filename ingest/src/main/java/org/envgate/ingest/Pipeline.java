package org.envgate.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * From arrived messages to stored points and acknowledgements, in two stages on two threads:
 * one decodes messages and gathers them into batches (as many as are waiting, up to the batch
 * size), the other writes each batch and then acknowledges its messages in arrival order.
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

    private final PackDecoder decoder;
    private final PointStore store;
    private final DeadLetters deadLetters;
    private final DeadLetterSender deadLetterSender;
    private final int batchSize;
    private final long maxMessageBytes;
    private final IngestCounters counters;
    private final BlockingQueue<Delivery> inbox;
    private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(1);
    private final Backoff backoff = new Backoff(FIRST_RETRY, MAX_RETRY, ThreadLocalRandom.current());
    private final Thread decodeThread;
    private final Thread writeThread;
    private final Heartbeat decodeHeartbeat = new Heartbeat("ingest decoder", DECODE_BOUND);
    private final Heartbeat writeHeartbeat;
    private volatile boolean running = true;
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
        // A write may take its timeout to connect, as long to send and as long for the answer.
        this.writeHeartbeat = new Heartbeat("store writer (" + store.describe() + ")", store.writeTimeout().multipliedBy(4));
        this.decodeThread = new Thread(this::decodeLoop, "ingest-decode");
        this.writeThread = new Thread(this::writeLoop, "ingest-write");
    }

    void start() {
        deadLetterSender.start();
        decodeThread.start();
        writeThread.start();
    }

    /** The two threads' signs of life, for the systemd watchdog. */
    List<Heartbeat> heartbeats() {
        return List.of(decodeHeartbeat, writeHeartbeat);
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

    private record Batch(List<Delivery> deliveries, List<Decoded> decoded, List<String> lines, int readings, QcCounts flags) {
    }

    private void decodeLoop() {
        try {
            while (running) {
                decodeHeartbeat.beat();
                Delivery first = inbox.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Delivery> deliveries = new ArrayList<>();
                List<Decoded> decoded = new ArrayList<>();
                List<String> lines = new ArrayList<>();
                int readings = 0;
                QcCounts flags = QcCounts.NONE;
                for (Delivery next = first; next != null; next = lines.size() < batchSize ? inbox.poll() : null) {
                    Decoded result = next.oversize() >= 0
                            ? new Decoded.Rejected(gatewayOf(next.topic()), RejectReason.TOO_LARGE,
                                    "message of " + next.oversize() + " bytes exceeds packs.max-size " + maxMessageBytes)
                            : decoder.decode(next.topic(), next.payload(), next.receivedMillis());
                    deliveries.add(next);
                    decoded.add(result);
                    if (result instanceof Decoded.Points points) {
                        lines.addAll(points.lines());
                        readings += points.readings();
                        counters.readingsReceived.addAndGet(points.readings());
                        flags = flags.plus(points.flags());
                        counters.unknownKeys.addAndGet(points.unknownKeys());
                    }
                }
                Batch batch = new Batch(deliveries, decoded, lines, readings, flags);
                while (running && !batches.offer(batch, 200, TimeUnit.MILLISECONDS)) {
                    // the writer is still on the previous batch (or waiting for the store)
                    decodeHeartbeat.beat();
                }
            }
        } catch (InterruptedException e) {
            running = false;
        }
    }

    private void writeLoop() {
        try {
            while (running) {
                writeHeartbeat.beat();
                Batch batch = batches.poll(200, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    handle(batch);
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
        for (int i = 0; i < batch.deliveries().size() && running; i++) {
            Delivery delivery = batch.deliveries().get(i);
            if (outcome.get(i) instanceof Decoded.Rejected rejected) {
                deadLetter(delivery, rejected);
            }
            if (delivery.ack().send()) {
                counters.acknowledged.incrementAndGet();
            }
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
            writeHeartbeat.beat();
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
        long step = Math.max(1, Math.min(1000, writeHeartbeat.bound().toMillis() / 4));
        long end = System.nanoTime() + wait.toNanos();
        for (long left = wait.toMillis(); left > 0 && running; left = (end - System.nanoTime()) / 1_000_000) {
            Thread.sleep(Math.min(step, left));
            writeHeartbeat.beat();
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
        // Wakes the writer from a backoff wait or a write that hangs.
        writeThread.interrupt();
        try {
            decodeThread.join(5000);
            writeThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetterSender.close();
    }
}
