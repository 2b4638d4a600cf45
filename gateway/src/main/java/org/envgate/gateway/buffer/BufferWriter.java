package org.envgate.gateway.buffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.envgate.gateway.watchdog.Heartbeat;
import org.envgate.wire.Reading;
import org.tinylog.Logger;

/**
 * Takes readings from the sensor threads without ever blocking them and commits them to the
 * {@link ReadingBuffer} in groups: a group closes {@link #GROUP_WINDOW_MS} after its first
 * reading, so every reading is durable well within one second of being read.
 */
public final class BufferWriter implements Consumer<Reading>, AutoCloseable {

    static final long GROUP_WINDOW_MS = 200;
    private static final int MAX_GROUP = 5_000;
    /** While the disk refuses writes, this many readings wait in memory; past it the newest are dropped and counted. */
    private static final int MAX_PENDING = 500_000;

    private final ReadingBuffer buffer;
    private final Runnable onCommit;
    private final BlockingQueue<Reading> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** A commit on a slow SD card takes seconds at worst; one stuck for minutes is a hung disk. */
    private final Heartbeat heartbeat = new Heartbeat("buffer writer", Duration.ofMinutes(2));
    private volatile boolean running = true;
    private final LongAdder droppedWhileFailing = new LongAdder();
    private boolean failing;

    /**
     * @param onCommit called after each committed group, e.g. to wake the uplink
     */
    public BufferWriter(ReadingBuffer buffer, Runnable onCommit) {
        this.buffer = buffer;
        this.onCommit = onCommit;
        this.thread = new Thread(this::run, "buffer-writer");
        this.thread.start();
    }

    @Override
    public void accept(Reading reading) {
        if (queue.size() >= MAX_PENDING) {
            droppedWhileFailing.increment();
            return;
        }
        queue.add(reading);
    }

    /** Beats once per turn of the writer's loop. */
    public Heartbeat heartbeat() {
        return heartbeat;
    }

    /** Readings dropped because the buffer could not be written for too long. */
    public long dropped() {
        return droppedWhileFailing.sum();
    }

    private void run() {
        List<Reading> group = new ArrayList<>();
        while (running || !queue.isEmpty() || !group.isEmpty()) {
            heartbeat.beat();
            try {
                if (group.isEmpty()) {
                    Reading first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    group.add(first);
                    long closeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GROUP_WINDOW_MS);
                    while (group.size() < MAX_GROUP && running) {
                        long left = closeAt - System.nanoTime();
                        Reading next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                        if (next == null) {
                            break;
                        }
                        group.add(next);
                    }
                }
                queue.drainTo(group, MAX_GROUP - group.size());
                buffer.append(group);
                group.clear();
                if (failing) {
                    failing = false;
                    Logger.info("buffer {} is writable again", buffer.file());
                }
                onCommit.run();
            } catch (InterruptedException e) {
                running = false;
            } catch (BufferException e) {
                if (!failing) {
                    failing = true;
                    Logger.error("{}; holding {} readings in memory and retrying", e.getMessage(), group.size());
                }
                sleepQuietly(1000);
                if (!running) {
                    droppedWhileFailing.add(group.size() + queue.size());
                    Logger.error("stopping with an unwritable buffer: {} readings not saved", group.size() + queue.size());
                    return;
                }
            }
        }
    }

    private void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /** Commits what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
