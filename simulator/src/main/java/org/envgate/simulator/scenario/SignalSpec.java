package org.envgate.simulator.scenario;

/**
 * A quantity's value over simulated time: {@code baseline + daily-amplitude * cos(2 pi (hour -
 * peak-hour) / 24) + trend-per-day * days + noise * w}, where {@code w} is seeded noise of typical
 * size 1 that wanders slowly from one reading to the next.
 */
public record SignalSpec(double baseline, double dailyAmplitude, double peakHour, double noise, double trendPerDay) {

    /** The value without noise, {@code simMillis} after the scenario started at {@code startHour}. */
    double smooth(double startHour, long simMillis) {
        double hours = simMillis / 3_600_000.0;
        double hourOfDay = (startHour + hours) % 24;
        return baseline + dailyAmplitude * Math.cos(2 * Math.PI * (hourOfDay - peakHour) / 24)
                + trendPerDay * hours / 24;
    }
}
