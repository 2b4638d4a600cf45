package org.envgate.common.systemd;

import java.time.Duration;

/**
 * A loop's sign of life. The loop calls {@link #beat()} once per turn; the {@link Watchdog}
 * finds it stale when no beat came for longer than its bound, which covers the loop's longest
 * legitimate wait (a sensor's interval plus its slowest read, a reconnect back-off).
 */
public final class Heartbeat {

    private final String name;
    private final Duration bound;
    private volatile long lastNanos = System.nanoTime();

    /**
     * @param name what beats, for the log: {@code sensor pm}, {@code uplink}
     * @param bound the longest a turn of the loop may take
     */
    public Heartbeat(String name, Duration bound) {
        this.name = name;
        this.bound = bound;
    }

    public void beat() {
        lastNanos = System.nanoTime();
    }

    public String name() {
        return name;
    }

    public Duration bound() {
        return bound;
    }

    /** Time since the last beat (or since creation, before the first). */
    public Duration silence() {
        return Duration.ofNanos(System.nanoTime() - lastNanos);
    }

    public boolean stale() {
        return silence().compareTo(bound) > 0;
    }
}
