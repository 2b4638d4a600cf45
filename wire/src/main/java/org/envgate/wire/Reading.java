package org.envgate.wire;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One value of one quantity from one sensor, stamped once at the moment it was read.
 *
 * <p>Its identity is (sensor, quantity, time): the gateway id is implied by where it travels.
 *
 * @param sensor   the sensor id from the gateway config, {@code [a-z0-9-]+}
 * @param quantity what was measured
 * @param value    the value in {@link Quantity#unit()}; always finite
 * @param timeMillis when it was read, epoch milliseconds
 * @param quality  its QC flag, the tests that flagged it and its value before calibration
 */
public record Reading(String sensor, Quantity quantity, double value, long timeMillis, Quality quality) {

    /** Gateway and sensor ids are at most this long: they are tags on every stored point. */
    public static final int MAX_ID_LENGTH = 64;
    /** A gateway or sensor id, length limit included, so every config loader that checks it refuses long ids too. */
    public static final Pattern ID = Pattern.compile("[a-z0-9-]{1," + MAX_ID_LENGTH + "}");

    /** A reading with nothing beside its value: as a sensor gives it, before quality control and calibration. */
    public Reading(String sensor, Quantity quantity, double value, long timeMillis) {
        this(sensor, quantity, value, timeMillis, Quality.GOOD);
    }

    public Reading {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(quality, "quality");
        if (!isId(sensor)) {
            throw new IllegalArgumentException("sensor id must match [a-z0-9-]+ and be at most " + MAX_ID_LENGTH
                    + " characters: '" + sensor + "'");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value of " + sensor + "/" + quantity + " must be finite: " + value);
        }
    }

    /** A gateway or sensor id: {@code [a-z0-9-]+}, at most {@value #MAX_ID_LENGTH} characters. */
    public static boolean isId(String text) {
        // The same test as ID, by hand: ingest checks every id of every record it receives.
        int length = text.length();
        if (length == 0 || length > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    public String unit() {
        return quantity.unit();
    }
}
