package org.envgate.drivers;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The smallest step between two values a sensor can report for one quantity, from its datasheet,
 * held as an exact decimal ({@code 0.1}, {@code 0.0625}, {@code 0.0254}) so that rounding to it
 * adds no binary noise of its own.
 */
public record Resolution(BigDecimal step) {

    public Resolution {
        if (step.signum() <= 0) {
            throw new IllegalArgumentException("a resolution is above 0, got " + step.toPlainString());
        }
        step = step.stripTrailingZeros();
    }

    /** A step written as a decimal, e.g. {@code "0.001"}. */
    public static Resolution of(String step) {
        return new Resolution(new BigDecimal(step));
    }

    /**
     * The step one unit of the last decimal place of {@code decimal} and of {@code step} both
     * divide: values on a grid of {@code step} shifted by {@code decimal} (a mount height minus a
     * distance, an offset plus scaled counts) are multiples of it.
     */
    public Resolution shiftedBy(BigDecimal decimal) {
        BigDecimal shift = decimal.stripTrailingZeros();
        if (shift.signum() == 0 || shift.remainder(step).signum() == 0) {
            return this;
        }
        return new Resolution(BigDecimal.ONE.movePointLeft(Math.max(Math.max(shift.scale(), step.scale()), 0)));
    }

    /**
     * {@code value} rounded to the nearest multiple of the step, half to even (no bias up or down
     * over many values), as the double whose shortest decimal form is that multiple: 7.5200000000000005
     * at 0.01 is 7.52. The value is taken at its shortest decimal form, so a value the sensor sent
     * as {@code 2.675} is a tie, not the binary 2.67499... NaN and infinities come back as they are.
     */
    public double round(double value) {
        if (!Double.isFinite(value)) {
            return value;
        }
        BigDecimal multiples = BigDecimal.valueOf(value).divide(step, 0, RoundingMode.HALF_EVEN);
        return multiples.multiply(step).doubleValue();
    }

    /** {@code 0.0625}: the step as a technician writes it. */
    @Override
    public String toString() {
        return step.toPlainString();
    }
}
