package org.envgate.simulator;

/** Numbers in messages, as a person would write them in a scenario or on the command line. */
public final class Numbers {

    private Numbers() {
    }

    /** Whole numbers without a decimal point ({@code 60}), others as Java prints them ({@code 0.5}). */
    public static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
