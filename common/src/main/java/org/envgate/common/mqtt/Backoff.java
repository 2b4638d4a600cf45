package org.envgate.common.mqtt;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: each wait is drawn from the upper half of a window that
 * doubles up to a ceiling, so a city's gateways coming back after a broker outage do not all
 * reconnect in the same second.
 */
public final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private long windowMillis;

    public Backoff(Duration first, Duration max, RandomGenerator random) {
        this.firstMillis = first.toMillis();
        this.maxMillis = Math.max(first.toMillis(), max.toMillis());
        this.random = random;
        this.windowMillis = firstMillis;
    }

    /** The next wait; the window doubles for the one after. */
    public Duration next() {
        long half = windowMillis / 2;
        long wait = half + random.nextLong(windowMillis - half + 1);
        windowMillis = Math.min(maxMillis, windowMillis * 2);
        return Duration.ofMillis(wait);
    }

    public void reset() {
        windowMillis = firstMillis;
    }
}
