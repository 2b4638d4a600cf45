package org.envgate.gateway.aqi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * One pollutant's breakpoint table: concentration ranges and the index ranges they map to,
 * by linear interpolation within a row.
 *
 * <p>Arithmetic is decimal, from the concentration's shortest decimal form, so that a value
 * that lands exactly on half an index point (55.7 ug/m3 in the decision's annex gives 109.5)
 * is rounded up as on paper, not down by a binary fraction.
 */
final class Scale {

    /** The top of both scales; a concentration above the table's last row has this index. */
    static final int TOP = 500;
    /** For {@code decimals}: the concentration is used as it is, not truncated. */
    static final int ALL_DECIMALS = -1;

    /** One row: concentrations {@code low..high} map to indexes {@code indexLow..indexHigh}. */
    record Row(BigDecimal low, BigDecimal high, int indexLow, int indexHigh) {
        Row(String low, String high, int indexLow, int indexHigh) {
            this(new BigDecimal(low), new BigDecimal(high), indexLow, indexHigh);
        }
    }

    private final List<Row> rows;
    private final int decimals;

    /**
     * @param rows     in rising order; where one row's high is the next row's low (VN_AQI),
     *                 the lower row is used, which gives the same index
     * @param decimals how many decimals a concentration keeps before the table is applied
     *                 (EPA truncates), or {@link #ALL_DECIMALS} (VN_AQI)
     */
    Scale(List<Row> rows, int decimals) {
        this.rows = List.copyOf(rows);
        this.decimals = decimals;
    }

    /** The concentration as the table reads it: below zero counts as zero, then truncated if the scale truncates. */
    double concentration(double value) {
        return decimal(value).doubleValue();
    }

    /** The index of a concentration, rounded half up to a whole number. */
    int index(double value) {
        BigDecimal c = decimal(value);
        for (Row row : rows) {
            if (c.compareTo(row.high()) <= 0) {
                BigDecimal span = BigDecimal.valueOf(row.indexHigh() - row.indexLow());
                BigDecimal exact = c.subtract(row.low())
                        .multiply(span)
                        .divide(row.high().subtract(row.low()), MathContext.DECIMAL64)
                        .add(BigDecimal.valueOf(row.indexLow()));
                return exact.setScale(0, RoundingMode.HALF_UP).intValueExact();
            }
        }
        return TOP;
    }

    private BigDecimal decimal(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("concentration must be a finite number, not " + value);
        }
        BigDecimal c = BigDecimal.valueOf(Math.max(0, value));
        return decimals == ALL_DECIMALS ? c : c.setScale(decimals, RoundingMode.DOWN);
    }
}
