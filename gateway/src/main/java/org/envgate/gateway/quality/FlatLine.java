package org.envgate.gateway.quality;

import java.math.BigDecimal;
import java.time.Duration;
import org.envgate.wire.QcFlag;

/**
 * QARTOD's flat-line test (a stuck sensor): a value that stays within {@code tolerance} of the
 * first value of its run for longer than {@code suspectAfter} is suspect, longer than
 * {@code failAfter} failed. The run's length is measured on the readings' own times, so it does
 * not depend on the interval or on gaps between readings.
 *
 * @param tolerance    how far a value may move and still count as the same, in the quantity's unit; 0 means the same value
 * @param suspectAfter a run longer than this is suspect
 * @param failAfter    a run longer than this fails; not shorter than {@code suspectAfter}
 */
public record FlatLine(double tolerance, Duration suspectAfter, Duration failAfter) {

    public FlatLine {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be 0 or more: " + tolerance);
        }
        if (suspectAfter.isNegative() || suspectAfter.isZero() || suspectAfter.compareTo(failAfter) > 0) {
            throw new IllegalArgumentException("suspect-after must be above 0 and not longer than fail-after: "
                    + suspectAfter + ", " + failAfter);
        }
    }

    /** Whether {@code value} still belongs to the run that started at {@code runStart}; exact on decimal values. */
    public boolean sameRun(double runStart, double value) {
        return BigDecimal.valueOf(value).subtract(BigDecimal.valueOf(runStart)).abs()
                .compareTo(BigDecimal.valueOf(tolerance)) <= 0;
    }

    /** The flag of a reading whose run has lasted {@code runMillis} so far. */
    public QcFlag judge(long runMillis) {
        if (runMillis > failAfter.toMillis()) {
            return QcFlag.FAIL;
        }
        return runMillis > suspectAfter.toMillis() ? QcFlag.SUSPECT : QcFlag.PASS;
    }
}
