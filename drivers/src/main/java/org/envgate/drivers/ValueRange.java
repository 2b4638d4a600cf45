package org.envgate.drivers;

/**
 * The values a sensor can really produce for one quantity, from its datasheet. A value outside
 * is a fault (a glitch, a failing probe), not a reading.
 */
public record ValueRange(double min, double max) {

    public ValueRange {
        if (!(min <= max)) {
            throw new IllegalArgumentException("min must not exceed max: " + min + " > " + max);
        }
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }
}
