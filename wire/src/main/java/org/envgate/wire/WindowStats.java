package org.envgate.wire;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One window's statistics of one quantity of one sensor: the mean, min and max of the readings
 * that passed QC, their count, and the share of the window the sensor covered
 * ({@code ../DESIGN.md}, section Averages and index).
 *
 * <p>Its identity is (sensor, quantity, window, start): a window sent again after late readings
 * has the same identity and replaces the one sent before.
 *
 * @param sensor      the sensor id, {@code [a-z0-9-]+}
 * @param quantity    what was averaged; mean, min and max are in its unit
 * @param window      the window's length
 * @param startMillis the window's start, epoch milliseconds, a whole minute
 * @param count       readings that passed QC, 0 to one per millisecond of the window
 * @param mean        their mean; NaN when the count is 0, else from {@code min} to {@code max}
 * @param min         the lowest; NaN when the count is 0
 * @param max         the highest; NaN when the count is 0
 * @param cover       the share of the window the sensor covered, 0 to 1
 */
public record WindowStats(String sensor, Quantity quantity, AggregateWindow window, long startMillis,
                          long count, double mean, double min, double max, double cover) {

    /** SenML reads times before 2**28 s (1978) as relative to now, so a window starts after that. */
    static final long EARLIEST_START_MILLIS = (1L << 28) * 1000;
    /** Past year 5000, as far as a SenML time goes here. */
    static final long LATEST_START_MILLIS = 100_000_000_000_000L;

    /** The statistics of a window, each a record named {@code <stat>_<window>}. */
    public enum Stat {
        MEAN, MIN, MAX, COUNT, COVER;

        /** {@code mean}, {@code min}, {@code max}, {@code count}, {@code cover}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Stat> byId(String id) {
            for (Stat stat : values()) {
                if (stat.id().equals(id)) {
                    return Optional.of(stat);
                }
            }
            return Optional.empty();
        }
    }

    public WindowStats {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(window, "window");
        String what = sensor + "/" + quantity + " " + window;
        if (!Reading.isId(sensor)) {
            throw new IllegalArgumentException("sensor id must match [a-z0-9-]+ and be at most " + Reading.MAX_ID_LENGTH
                    + " characters: '" + sensor + "'");
        }
        if (startMillis % 60_000 != 0 || startMillis < EARLIEST_START_MILLIS || startMillis > LATEST_START_MILLIS) {
            throw new IllegalArgumentException(what + ": start must be a whole minute from 1978 to year 5000, not "
                    + startMillis + " ms");
        }
        if (count < 0 || count > window.millis()) {
            throw new IllegalArgumentException(what + ": count must be 0 to " + window.millis()
                    + " (one reading per millisecond), not " + count);
        }
        if (!(cover >= 0 && cover <= 1)) {
            throw new IllegalArgumentException(what + ": cover must be 0 to 1, not " + cover);
        }
        if (count == 0) {
            if (!Double.isNaN(mean) || !Double.isNaN(min) || !Double.isNaN(max)) {
                throw new IllegalArgumentException(what + ": a window without readings has no mean, min or max");
            }
        } else {
            if (!quantity.isPlausible(min) || !quantity.isPlausible(max)) {
                throw new IllegalArgumentException(what + ": min " + min + " and max " + max + " must be within "
                        + quantity.plausibleRange());
            }
            if (!(min <= mean && mean <= max)) {
                throw new IllegalArgumentException(what + ": must hold min <= mean <= max, not " + min + " <= " + mean
                        + " <= " + max);
            }
        }
    }

    /** A window of {@code count} readings summing to {@code sum}, or of none when {@code count} is 0. */
    public static WindowStats of(String sensor, Quantity quantity, AggregateWindow window, long startMillis,
                                 long count, double sum, double min, double max, double cover) {
        if (count == 0) {
            return new WindowStats(sensor, quantity, window, startMillis, 0, Double.NaN, Double.NaN, Double.NaN, cover);
        }
        // sum / count of equal values can land one ulp outside them (3 x 0.1 / 3 > 0.1)
        double mean = Math.min(max, Math.max(min, sum / count));
        return new WindowStats(sensor, quantity, window, startMillis, count, mean, min, max, cover);
    }

    /** The value of one statistic; NaN for mean, min and max of a window without readings. */
    public double value(Stat stat) {
        return switch (stat) {
            case MEAN -> mean;
            case MIN -> min;
            case MAX -> max;
            case COUNT -> count;
            case COVER -> cover;
        };
    }

    /** The name of a statistic's record after the gateway id: {@code <sensor>/<quantity>/<stat>_<window>}. */
    public String recordName(Stat stat) {
        return sensor + "/" + quantity.id() + "/" + stat.id() + "_" + window.name();
    }

    /** Whether both are the same window of the same sensor's quantity, whatever their values. */
    public boolean sameWindow(WindowStats other) {
        return sensor.equals(other.sensor) && quantity == other.quantity && window.equals(other.window)
                && startMillis == other.startMillis;
    }
}
