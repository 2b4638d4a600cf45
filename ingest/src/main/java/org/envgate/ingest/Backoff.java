package org.envgate.ingest;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, as the gateway's uplink does it: each wait is drawn from the
 * upper half of a window that doubles up to a ceiling, so several clients coming back after an
 * outage do not all retry in the same second.
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
