package org.envgate.ingest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.envgate.ingest.mqtt.Publication;
import org.tinylog.Logger;

/**
 * Publishes dead letters on its own thread, so that nothing the broker does with them (slow
 * acknowledgements, none at all, a lost connection) holds up the store path or the receiving
 * of messages. Letters wait in a bounded queue and go out with a bounded number in flight; a
 * letter that finds the queue full, or is not acknowledged within {@link #DEADLINE_MS} of
 * being queued, is dropped and counted. A dead letter is information for a technician, never
 * worth a reading.
 */
final class DeadLetterSender implements AutoCloseable {

    static final int MAX_LETTERS = 10_000;
    static final long MAX_BYTES = 8L * 1024 * 1024;
    static final int MAX_IN_FLIGHT = 64;
    static final long DEADLINE_MS = 10_000;

    private record Letter(String topic, byte[] message, long queuedMillis) {
    }

    private record InFlight(Publication publication, long queuedMillis) {
    }

    private final Pipeline.Publisher publisher;
    private final IngestCounters counters;
    private final BlockingQueue<Letter> queue = new LinkedBlockingQueue<>(MAX_LETTERS);
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final Thread thread;
    private final AtomicLong lastDropLogMillis = new AtomicLong(Long.MIN_VALUE / 2);
    private volatile boolean running = true;

    DeadLetterSender(Pipeline.Publisher publisher, IngestCounters counters) {
        this.publisher = publisher;
        this.counters = counters;
        this.thread = new Thread(this::run, "ingest-dead-letters");
    }

    void start() {
        thread.start();
    }

    /** Queues a letter, or drops it if the queue is full; never waits. */
    void offer(String topic, byte[] message) {
        if (queuedBytes.addAndGet(message.length) > MAX_BYTES) {
            queuedBytes.addAndGet(-message.length);
            dropped("the queue holds " + MAX_BYTES / (1024 * 1024) + " MB of letters not yet sent");
            return;
        }
        if (!queue.offer(new Letter(topic, message, System.currentTimeMillis()))) {
            queuedBytes.addAndGet(-message.length);
            dropped("the queue holds " + MAX_LETTERS + " letters not yet sent");
        }
    }

    private void run() {
        try {
            while (running) {
                settle(System.currentTimeMillis());
                if (inFlight.size() >= MAX_IN_FLIGHT) {
                    Thread.sleep(5);
                    continue;
                }
                Letter letter = queue.poll(inFlight.isEmpty() ? 200 : 5, TimeUnit.MILLISECONDS);
                if (letter == null) {
                    continue;
                }
                queuedBytes.addAndGet(-letter.message().length);
                if (System.currentTimeMillis() - letter.queuedMillis() > DEADLINE_MS) {
                    dropped("not sent within " + DEADLINE_MS / 1000 + " s");
                    continue;
                }
                inFlight.add(new InFlight(publisher.publish(letter.topic(), letter.message()), letter.queuedMillis()));
            }
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /** Counts what the broker acknowledged, drops what failed or is past its deadline. */
    private void settle(long now) {
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
            InFlight sent = it.next();
            if (sent.publication().done()) {
                it.remove();
                if (sent.publication().delivered()) {
                    counters.deadLettered.incrementAndGet();
                } else {
                    dropped("the broker did not take it (connection lost?)");
                }
            } else if (now - sent.queuedMillis() > DEADLINE_MS) {
                it.remove();
                dropped("not acknowledged by the broker within " + DEADLINE_MS / 1000 + " s");
            }
        }
    }

    private void dropped(String why) {
        long total = counters.deadLettersDropped.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = lastDropLogMillis.get();
        if (now - last >= 60_000 && lastDropLogMillis.compareAndSet(last, now)) {
            Logger.warn("dropped a dead letter: {}; {} dropped since start (the message itself is acknowledged; "
                    + "logged at most once a minute)", why, total);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
