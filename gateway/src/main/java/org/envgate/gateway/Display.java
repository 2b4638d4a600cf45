package org.envgate.gateway;

import java.util.Locale;

/** How values are shown to a person (the demo's table, {@code envgate check}). */
public final class Display {

    private Display() {
    }

    /** Whole numbers as they are, others with two decimals, always with a decimal point. */
    public static String value(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
