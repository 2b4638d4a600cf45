package org.envgate.gateway.aggregate;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * One sensor's quantity over one window: the readings of any flag ({@code readings}), those
 * that passed quality control ({@code count}) and their sum, minimum and maximum.
 */
public record WindowStats(long readings, long count, double sum, double min, double max) {

    /** The mean of the readings that passed; empty when none did. */
    public OptionalDouble mean() {
        // The rounding of a long sum may put the quotient a hair outside the values it averages.
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.max(min, Math.min(max, sum / count)));
    }

    /**
     * The share of the window the sensor covered, 0 to 1: each reading that passed stands for
     * one sensor interval, so {@code min(1, count * interval / window)}.
     */
    public double cover(Duration interval, long windowMillis) {
        return Math.min(1.0, (double) count * interval.toMillis() / windowMillis);
    }
}
