package org.envgate.gateway.quality;

import java.math.BigDecimal;
import java.time.Duration;
import org.envgate.wire.QcFlag;

/**
 * QARTOD's rate-of-change test with a fixed threshold: a reading that changed from the one
 * before it faster than {@code suspectPerMinute} (in the quantity's unit per minute) is suspect.
 * The time between the two readings counts as at least {@link #SHORTEST} (a minute): between
 * readings a second apart, the sensor's own step (1 ug/m3 of a PMS5003) would otherwise be a
 * rate of 60 per minute; a jump within a minute is the spike test's to judge. QARTOD derives
 * its threshold from the series' standard deviation; a fixed one per quantity needs no history
 * of days and says plainly what is judged.
 */
public record RateOfChange(double suspectPerMinute) {

    public RateOfChange {
        if (!(suspectPerMinute > 0) || Double.isInfinite(suspectPerMinute)) {
            throw new IllegalArgumentException("suspect-per-minute must be above 0: " + suspectPerMinute);
        }
    }

    /** The shortest time a change is measured over. */
    public static final Duration SHORTEST = Duration.ofMinutes(1);

    /** The flag of {@code value}, read {@code millis} after {@code last}; exact on decimal values. */
    public QcFlag judge(double last, double value, long millis) {
        millis = Math.max(millis, SHORTEST.toMillis());
        BigDecimal changeTimesMinute = BigDecimal.valueOf(value).subtract(BigDecimal.valueOf(last)).abs()
                .multiply(BigDecimal.valueOf(60_000));
        BigDecimal allowedTimesMinute = BigDecimal.valueOf(suspectPerMinute).multiply(BigDecimal.valueOf(millis));
        return changeTimesMinute.compareTo(allowedTimesMinute) > 0 ? QcFlag.SUSPECT : QcFlag.PASS;
    }
}
