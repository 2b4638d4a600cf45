package org.envgate.wire;

import java.util.Objects;

/**
 * A station's air-quality index over one window: the value, its category and the dominant
 * pollutant ({@code ../DESIGN.md}, section Averages and index). Sent as the record
 * {@code G/_station/aqi_<scale>_<window>} with extension fields {@code cat} and {@code dom}.
 *
 * @param scale       {@code vn} or {@code us}
 * @param window      {@code 1h} or {@code 24h}
 * @param startMillis the window's start, epoch milliseconds, a whole minute
 * @param value       the index, 0 to 500
 * @param category    1 (good) to 6 (hazardous), the category of {@code value}
 * @param dominant    the pollutant with the highest index
 */
public record StationIndex(IndexScale scale, AggregateWindow window, long startMillis, int value, int category,
                           Quantity dominant) {

    /** The name that stands for the whole station where a record names a sensor. */
    public static final String STATION = "_station";
    public static final int MAX_VALUE = 500;
    /** The highest index of each category, 1 to 6; both scales share them. */
    private static final int[] CATEGORY_HIGH = {50, 100, 150, 200, 300, MAX_VALUE};

    public StationIndex {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(dominant, "dominant");
        String what = "aqi_" + scale.id() + "_" + window.name();
        if (!window.equals(AggregateWindow.HOUR) && !window.equals(AggregateWindow.DAY)) {
            throw new IllegalArgumentException(what + ": an index is hourly (1h) or daily (24h)");
        }
        if (startMillis % 60_000 != 0 || startMillis < WindowStats.EARLIEST_START_MILLIS
                || startMillis > WindowStats.LATEST_START_MILLIS) {
            throw new IllegalArgumentException(what + ": start must be a whole minute from 1978 to year 5000, not "
                    + startMillis + " ms");
        }
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException(what + ": index must be 0 to " + MAX_VALUE + ", not " + value);
        }
        if (category != categoryOf(value)) {
            throw new IllegalArgumentException(what + ": index " + value + " is in category " + categoryOf(value)
                    + ", not " + category);
        }
    }

    /** The category, 1 to 6, of an index from 0 to 500: 0-50, 51-100, 101-150, 151-200, 201-300, 301-500. */
    public static int categoryOf(int value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("index must be 0 to " + MAX_VALUE + ", not " + value);
        }
        int category = 0;
        while (value > CATEGORY_HIGH[category]) {
            category++;
        }
        return category + 1;
    }

    /** The record's name after the gateway id: {@code _station/aqi_vn_1h}. */
    public String recordName() {
        return STATION + "/" + field();
    }

    /** {@code aqi_vn_1h}: the record's name within the station. */
    public String field() {
        return "aqi_" + scale.id() + "_" + window.name();
    }

    /** Whether both are the same scale over the same window, whatever their values. */
    public boolean sameWindow(StationIndex other) {
        return scale == other.scale && window.equals(other.window) && startMillis == other.startMillis;
    }
}
