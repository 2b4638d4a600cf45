package org.envgate.gateway.buffer;

import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.envgate.gateway.clock.ClockWatch;
import org.envgate.gateway.clock.Stamp;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.common.systemd.Heartbeat;
import org.tinylog.Logger;

/**
 * Takes readings from the sensor threads without ever blocking them and commits them to the
 * {@link ReadingBuffer} in groups: a group closes {@link #GROUP_WINDOW_MS} after its first
 * reading, so every reading is durable well within one second of being read.
 *
 * <p>Readings taken while the clock could not be trusted are held apart (see
 * {@link ReadingBuffer#appendUntimed}). As soon as the clock is trusted, and always before a
 * reading with a trusted time is appended, the held readings of this boot get their time and go
 * first: the readings of each sensor stay in the order they were taken.
 */
public final class BufferWriter implements Consumer<TakenReading>, AutoCloseable {

    /**
     * Long enough that a station's readings go to the card in few commits (each synced commit
     * writes at least one file system block: at 100 readings a second, 149 bytes a reading with
     * a commit every 500 ms, 116 every 750 ms), short enough that every reading is durable within
     * one second: the window, plus the commit's sync.
     */
    static final long GROUP_WINDOW_MS = 750;
    private static final int MAX_GROUP = 5_000;
    /** While the disk refuses writes, this many readings wait in memory; past it the newest are dropped and counted. */
    private static final int MAX_PENDING = 500_000;

    private final ReadingBuffer buffer;
    private final ClockWatch clock;
    private final Runnable onCommit;
    private final BlockingQueue<TakenReading> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** A commit on a slow SD card takes seconds at worst; one stuck for minutes is a hung disk. */
    private final Heartbeat heartbeat = new Heartbeat("buffer writer", Duration.ofMinutes(2));
    private volatile boolean running = true;
    private final LongAdder droppedWhileFailing = new LongAdder();
    private boolean failing;
    private boolean holding;

    /**
     * @param clock    tells whether held readings can be given their time
     * @param onCommit called after each committed group, e.g. to wake the uplink
     */
    public BufferWriter(ReadingBuffer buffer, ClockWatch clock, Runnable onCommit) {
        this.buffer = buffer;
        this.clock = clock;
        this.onCommit = onCommit;
        this.holding = buffer.untimed() > 0;
        this.thread = new Thread(this::run, "buffer-writer");
        this.thread.start();
    }

    @Override
    public void accept(TakenReading reading) {
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
        List<TakenReading> group = new ArrayList<>();
        while (running || !queue.isEmpty() || !group.isEmpty()) {
            heartbeat.beat();
            try {
                if (group.isEmpty()) {
                    TakenReading first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        releaseOnceTrusted();
                        continue;
                    }
                    group.add(first);
                    long closeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GROUP_WINDOW_MS);
                    while (group.size() < MAX_GROUP && running) {
                        long left = closeAt - System.nanoTime();
                        TakenReading next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                        if (next == null) {
                            break;
                        }
                        group.add(next);
                    }
                }
                queue.drainTo(group, MAX_GROUP - group.size());
                commit(group);
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

    /**
     * Commits a group run by run, so that a reading held for the clock is never queued behind
     * a timed one taken after it; what is committed leaves {@code group} at once, so a failed
     * write retries only the rest.
     */
    private void commit(List<TakenReading> group) throws BufferException {
        while (!group.isEmpty()) {
            boolean timed = group.get(0).timed();
            int end = 1;
            while (end < group.size() && group.get(end).timed() == timed) {
                end++;
            }
            List<TakenReading> run = group.subList(0, end);
            if (timed) {
                TakenReading first = run.get(0);
                release(first.reading().timeMillis(), first.monoMillis());
                buffer.append(run.stream().map(TakenReading::reading).toList());
            } else {
                buffer.appendUntimed(clock.boot(), run);
                holding = true;
            }
            run.clear();
        }
    }

    /** When idle: held readings need not wait for the next reading to be given their time. */
    private void releaseOnceTrusted() throws BufferException {
        if (!holding) {
            return;
        }
        Stamp now = clock.stamp();
        if (now.trusted()) {
            release(now.wallMillis(), now.monoMillis());
            onCommit.run();
        }
    }

    /** Gives this boot's held readings their time from one trusted pair of stamps. */
    private void release(long wallMillis, long monoMillis) throws BufferException {
        if (!holding) {
            return;
        }
        ReadingBuffer.Released released = buffer.releaseUntimed(clock.boot(), wallMillis, monoMillis);
        holding = false;
        if (released.count() > 0) {
            Logger.info("clock trusted now: {} readings taken before it was set are given their time (the oldest "
                    + "taken at {}) and queued for sending", released.count(), Instant.ofEpochMilli(released.oldestMillis()));
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
