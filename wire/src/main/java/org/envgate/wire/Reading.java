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
 */
public record Reading(String sensor, Quantity quantity, double value, long timeMillis) {

    public static final Pattern ID = Pattern.compile("[a-z0-9-]+");

    public Reading {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(quantity, "quantity");
        if (!ID.matcher(sensor).matches()) {
            throw new IllegalArgumentException("sensor id must match [a-z0-9-]+: '" + sensor + "'");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value of " + sensor + "/" + quantity + " must be finite: " + value);
        }
    }

    public String unit() {
        return quantity.unit();
    }
}
