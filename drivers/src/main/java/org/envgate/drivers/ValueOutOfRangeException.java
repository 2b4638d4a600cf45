package org.envgate.drivers;

import org.envgate.wire.Quantity;

/**
 * A sensor sent a value it cannot produce: outside the range its model declares for the
 * quantity, not a number, or infinite. A glitch, a failing probe, a corrupt frame that passed its
 * checksum or a wrong register map, never a reading; the poller counts it as a sensor error.
 */
public class ValueOutOfRangeException extends SensorErrorException {

    private final Quantity quantity;
    private final double value;
    private final ValueRange range;

    /** @param range the declared range, or null when the model declares none for {@code quantity} */
    public ValueOutOfRangeException(SensorSpec spec, String model, Quantity quantity, double value, ValueRange range) {
        super("sensor " + spec.id() + " on " + spec.port() + ": " + quantity.id() + " = " + ValueRange.plain(value) + " "
                + quantity.unit() + (range == null ? ", a quantity the " + model + " does not report"
                        : " is outside the " + model + "'s range (" + range + " " + quantity.unit() + ")")
                + "; the sample is not reported");
        this.quantity = quantity;
        this.value = value;
        this.range = range;
    }

    public Quantity quantity() {
        return quantity;
    }

    public double value() {
        return value;
    }

    /** The declared range, or null when the model declares none for the quantity. */
    public ValueRange range() {
        return range;
    }
}
