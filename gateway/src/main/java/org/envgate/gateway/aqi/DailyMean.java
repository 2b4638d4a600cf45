package org.envgate.gateway.aqi;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The 24-hour mean the daily dust index is taken from: the arithmetic mean of the day's
 * hourly means (Decision 1459/QD-TCMT, section 2.2.2.a).
 *
 * <p>The decision sets no minimum number of hours for a day. envgate requires 18 of the 24
 * (75 %), the completeness US EPA asks of a 24-hour value made from hourly data, so that a
 * day the sensor mostly missed has no daily index rather than one made from a few hours.
 */
public final class DailyMean {

    /** Hours in a day's window. */
    public static final int HOURS = 24;
    /** Hours with a valid mean a day needs for its index. */
    public static final int MIN_HOURS = 18;

    private DailyMean() {
    }

    /**
     * @param hourlyMeansOfDay the day's hourly means in any order, an empty value for an hour
     *                         without a valid mean; at most 24
     * @return empty when fewer than 18 hours are present
     */
    public static OptionalDouble of(List<OptionalDouble> hourlyMeansOfDay) {
        if (hourlyMeansOfDay.size() > HOURS) {
            throw new IllegalArgumentException("a day has at most " + HOURS + " hourly means, not " + hourlyMeansOfDay.size());
        }
        int present = 0;
        double sum = 0;
        for (OptionalDouble hour : hourlyMeansOfDay) {
            if (hour.isPresent()) {
                double mean = hour.getAsDouble();
                if (!Double.isFinite(mean)) {
                    throw new IllegalArgumentException("hourly mean must be a finite number, not " + mean);
                }
                sum += mean;
                present++;
            }
        }
        return present < MIN_HOURS ? OptionalDouble.empty() : OptionalDouble.of(sum / present);
    }
}
