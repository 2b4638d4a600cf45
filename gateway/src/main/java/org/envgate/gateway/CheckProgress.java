package org.envgate.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.envgate.gateway.cli.Progress;

/**
 * What {@code envgate check} is waiting for, sensor by sensor (sensors are checked side by side).
 * On a terminal: one status line, e.g. {@code pm: warming up, 24 s left; co2: reading}, counted
 * down every second, with {@link Progress}'s spinner. Elsewhere: one plain line per event, and a
 * pending read's line only once it has taken a second, so that a quick check prints none.
 */
final class CheckProgress implements AutoCloseable {

    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long TICK_MILLIS = 250;

    /** One sensor's wait: {@code untilNanos} is 0 when its end is not known (a read). */
    private record Wait(String what, long sinceNanos, long untilNanos, boolean told) {
    }

    private final Progress progress;
    private final Map<String, Wait> waits = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private String shown = "";

    CheckProgress(Progress progress) {
        this.progress = progress;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "check-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** {@code sensor} waits out {@code warmUp} before its read; said when it is a second or more. */
    synchronized void warmingUp(String sensor, Duration warmUp) {
        if (warmUp.compareTo(Duration.ofSeconds(1)) < 0) {
            return;
        }
        long now = System.nanoTime();
        waits.put(sensor, new Wait("warming up", now, now + warmUp.toNanos(), !progress.isTerminal()));
        if (!progress.isTerminal()) {
            progress.line(sensor + ": warming up, " + seconds(warmUp.toNanos()) + " s");
        }
        refresh();
    }

    /** {@code sensor} waits for the answer to its read. */
    synchronized void reading(String sensor) {
        waits.put(sensor, new Wait("reading", System.nanoTime(), 0, false));
        refresh();
    }

    /** {@code row}, e.g. {@code (uplink)}, waits for a connection. */
    synchronized void connecting(String row) {
        waits.put(row, new Wait("connecting", System.nanoTime(), 0, false));
        refresh();
    }

    /** {@code sensor}'s port is probed for what answers there instead of its model. */
    synchronized void probing(String sensor) {
        waits.put(sensor, new Wait("probing its port for what answers there", System.nanoTime(), 0, false));
        refresh();
    }

    /** A line that stays, e.g. {@code pm: no valid frame ...; re-trying once after a reset}. */
    synchronized void event(String sensor, String text) {
        progress.line(sensor + ": " + text);
    }

    /** {@code sensor} waits no more. */
    synchronized void done(String sensor) {
        waits.remove(sensor);
        refresh();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (this) {
            progress.close();
        }
    }

    private synchronized void tick() {
        long now = System.nanoTime();
        if (!progress.isTerminal()) {
            waits.replaceAll((sensor, wait) -> {
                if (wait.told() || now - wait.sinceNanos() < SECOND_NANOS) {
                    return wait;
                }
                progress.line(sensor + ": " + wait.what() + " ...");
                return new Wait(wait.what(), wait.sinceNanos(), wait.untilNanos(), true);
            });
            return;
        }
        refresh();
    }

    /** On a terminal, the status line when what it says has changed (a second less to wait, a sensor done). */
    private void refresh() {
        if (!progress.isTerminal()) {
            return;
        }
        long now = System.nanoTime();
        String status = waits.entrySet().stream().map(entry -> {
            Wait wait = entry.getValue();
            return entry.getKey() + ": " + wait.what()
                    + (wait.untilNanos() == 0 ? "" : ", " + seconds(Math.max(0, wait.untilNanos() - now)) + " s left");
        }).collect(Collectors.joining("; "));
        if (status.equals(shown)) {
            return;
        }
        shown = status;
        if (!status.isEmpty()) {
            progress.step(status);
        }
    }

    /** Whole seconds, rounded up: a wait of 0.2 s left is "1 s left", never "0 s left". */
    private static long seconds(long nanos) {
        return (nanos + SECOND_NANOS - 1) / SECOND_NANOS;
    }
}
