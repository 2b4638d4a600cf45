package org.envgate.gateway.quality;

import org.envgate.wire.Quantity;

/** A calibration term's input: one quantity of one sensor of the station, written {@code sensor/quantity}. */
public record Term(String sensor, Quantity quantity) {

    @Override
    public String toString() {
        return sensor + "/" + quantity.id();
    }
}
