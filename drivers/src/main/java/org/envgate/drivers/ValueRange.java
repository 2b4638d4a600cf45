package org.envgate.drivers;

import java.math.BigDecimal;

/**
 * The values a sensor can really produce for one quantity, from its datasheet. A value outside
 * (or not a number) is a fault (a glitch, a failing probe), not a reading.
 */
public record ValueRange(double min, double max) {

    public ValueRange {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("a range has finite ends, got " + min + " to " + max);
        }
        if (!(min <= max)) {
            throw new IllegalArgumentException("min must not exceed max: " + min + " > " + max);
        }
    }

    /** False for NaN and for infinities. */
    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    /** {@code 0 to 1000}: the ends without a needless decimal point. */
    @Override
    public String toString() {
        return plain(min) + " to " + plain(max);
    }

    /** A number as a technician writes it: {@code 1000}, {@code 999.9}, {@code NaN}. */
    static String plain(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
