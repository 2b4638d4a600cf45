package org.envgate.gateway.aqi;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The 12-hour weighted average of hourly means that both VN_AQI (Decision 1459/QD-TCMT,
 * section 2.2.1.a) and the US EPA use for the hourly dust index.
 *
 * <p>With c1 the mean of the hour just ended and c12 the mean of the hour 11 hours before it:
 * the weight factor w* = cmin / cmax over the hours present, w = w* when above 1/2, else 1/2;
 * NowCast = sum(w^(i-1) * ci) / sum(w^(i-1)) over the hours present (a missing hour has weight 0).
 * It exists only when at least 2 of c1, c2, c3 are present.
 *
 * <p>The decision writes the case w = 1/2 as sum((1/2)^i * ci), which is the same average with
 * the weights' sum (1.9995 for 12 hours) rounded to 2; the exact sum is used here, as the
 * decision's own rule for a missing hour (its weight becomes 0) needs it.
 */
public final class NowCast {

    /** How many hourly means the average looks back over. */
    public static final int HOURS = 12;
    /** Of the 3 most recent hours, how many must be present. */
    public static final int RECENT_REQUIRED = 2;
    private static final int RECENT = 3;
    private static final double WEIGHT_FLOOR = 0.5;

    private NowCast() {
    }

    /**
     * @param hourlyMeansNewestFirst the hourly means, the hour just ended first, an empty value
     *                               for an hour without a valid mean; hours beyond the 12th
     *                               are not used, and hours the list does not reach are missing.
     *                               A mean below zero counts as zero.
     * @return empty when fewer than 2 of the 3 most recent hours are present
     */
    public static OptionalDouble of(List<OptionalDouble> hourlyMeansNewestFirst) {
        List<OptionalDouble> hours = hourlyMeansNewestFirst.subList(0, Math.min(HOURS, hourlyMeansNewestFirst.size()));
        long recentPresent = hours.stream().limit(RECENT).filter(OptionalDouble::isPresent).count();
        if (recentPresent < RECENT_REQUIRED) {
            return OptionalDouble.empty();
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (OptionalDouble hour : hours) {
            if (hour.isPresent()) {
                double c = concentration(hour.getAsDouble());
                min = Math.min(min, c);
                max = Math.max(max, c);
            }
        }
        if (max == 0) {
            return OptionalDouble.of(0);
        }
        double weight = Math.max(WEIGHT_FLOOR, min / max);
        double weighted = 0;
        double weights = 0;
        double factor = 1;
        for (OptionalDouble hour : hours) {
            if (hour.isPresent()) {
                weighted += factor * concentration(hour.getAsDouble());
                weights += factor;
            }
            factor *= weight;
        }
        return OptionalDouble.of(weighted / weights);
    }

    private static double concentration(double mean) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("hourly mean must be a finite number, not " + mean);
        }
        return Math.max(0, mean);
    }
}
