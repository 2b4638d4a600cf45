package org.envgate.gateway;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.StringJoiner;
import org.envgate.wire.QcFlag;
import org.envgate.wire.Quality;
import org.envgate.wire.Reading;

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

    /**
     * A reading for a table: quantity, value and unit, then in brackets what quality control
     * said when it did not pass ({@code suspect: flat_line, spike}) and the value before
     * calibration when one was applied ({@code calibrated, raw 14}).
     */
    public static String reading(Reading reading) {
        String shown = reading.quantity().id() + " " + value(reading.value()) + " " + reading.unit();
        String quality = quality(reading.quality());
        return quality.isEmpty() ? shown : shown + " (" + quality + ")";
    }

    /** The QC flag in words with the tests that gave it, and the raw value; empty for a value that passed uncalibrated. */
    public static String quality(Quality quality) {
        StringJoiner said = new StringJoiner("; ");
        if (quality.flag() != QcFlag.PASS) {
            String flag = quality.flag().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            said.add(quality.tests().isEmpty() ? flag : flag + ": " + quality.testNames().replace(",", ", "));
        }
        if (quality.calibrated()) {
            said.add("calibrated, raw " + value(quality.raw()));
        }
        return said.toString();
    }
}
