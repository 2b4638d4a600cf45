package org.envgate.gateway.quality;

import java.math.BigDecimal;
import org.envgate.wire.QcFlag;

/**
 * QARTOD's spike test, in a one-sided form that judges the newest reading on arrival.
 *
 * <p>QARTOD judges a middle point against its two neighbours:
 * {@code |x[n] - (x[n-1] + x[n+1]) / 2| - |x[n+1] - x[n-1]| / 2}, which needs the reading after
 * it. A gateway never holds a reading back to wait for the next one, so the same measure is
 * taken against the two readings before it: {@code |x[n] - (x[n-2] + x[n-1]) / 2| -
 * |x[n-1] - x[n-2]| / 2}, which is how far the newest value lies outside the span of its two
 * predecessors (0 when it lies within). A level that really changes in one step is therefore
 * flagged once, on its first reading, where the two-sided test would wait and let it pass;
 * the readings after it pass again because their predecessors have moved too.
 *
 * @param suspect a reading further than this outside its predecessors' span is suspect, in the quantity's unit
 * @param fail    further than this fails; not below {@code suspect}
 */
public record Spike(double suspect, double fail) {

    public Spike {
        if (!(suspect >= 0) || !(suspect <= fail) || Double.isInfinite(fail)) {
            throw new IllegalArgumentException("spike thresholds must be 0 <= suspect <= fail: " + suspect + ", " + fail);
        }
    }

    /** The flag of {@code value} after {@code beforeLast} and {@code last}; exact on decimal values. */
    public QcFlag judge(double beforeLast, double last, double value) {
        BigDecimal low = BigDecimal.valueOf(Math.min(beforeLast, last));
        BigDecimal high = BigDecimal.valueOf(Math.max(beforeLast, last));
        BigDecimal x = BigDecimal.valueOf(value);
        BigDecimal outside = x.compareTo(high) > 0 ? x.subtract(high) : x.compareTo(low) < 0 ? low.subtract(x) : BigDecimal.ZERO;
        if (outside.compareTo(BigDecimal.valueOf(fail)) > 0) {
            return QcFlag.FAIL;
        }
        return outside.compareTo(BigDecimal.valueOf(suspect)) > 0 ? QcFlag.SUSPECT : QcFlag.PASS;
    }
}
