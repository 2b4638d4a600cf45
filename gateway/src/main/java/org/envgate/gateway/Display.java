package org.envgate.gateway;

import java.math.BigDecimal;

/** How values are shown to a person (the status page, the demo's table, {@code envgate check}). */
public final class Display {

    private Display() {
    }

    /**
     * A value as the sensor resolved it: whole numbers without a decimal point, others in their
     * shortest decimal form ({@code 7.012}, {@code 0.0625}), never with an exponent. Drivers round
     * values to the sensor's resolution, so no digit shown is noise and none resolved is cut.
     */
    public static String value(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
