package org.envgate.gateway.quality;

import java.math.BigDecimal;
import org.envgate.wire.QcFlag;

/**
 * QARTOD's rate-of-change test with a fixed threshold: a reading that changed from the one
 * before it faster than {@code suspectPerMinute} (in the quantity's unit per minute) is suspect.
 * The change is spread over the time between the two readings but over no less than a minute:
 * a sensor read every second moves by its noise from one reading to the next, and that step
 * taken as a rate per minute would be sixty times too large. QARTOD derives its threshold from the series'
 * standard deviation; a fixed one per quantity needs no history of days and says plainly what is
 * judged.
 */
public record RateOfChange(double suspectPerMinute) {

    private static final long MINUTE_MILLIS = 60_000;

    public RateOfChange {
        if (!(suspectPerMinute > 0) || Double.isInfinite(suspectPerMinute)) {
            throw new IllegalArgumentException("suspect-per-minute must be above 0: " + suspectPerMinute);
        }
    }

    /** The flag of {@code value}, read {@code millis} after {@code last}; exact on decimal values. */
    public QcFlag judge(double last, double value, long millis) {
        if (millis <= 0) {
            return QcFlag.PASS;
        }
        BigDecimal changeTimesMinute = BigDecimal.valueOf(value).subtract(BigDecimal.valueOf(last)).abs()
                .multiply(BigDecimal.valueOf(60_000));
        BigDecimal allowedTimesMinute = BigDecimal.valueOf(suspectPerMinute)
                .multiply(BigDecimal.valueOf(Math.max(millis, MINUTE_MILLIS)));
        return changeTimesMinute.compareTo(allowedTimesMinute) > 0 ? QcFlag.SUSPECT : QcFlag.PASS;
    }
}
