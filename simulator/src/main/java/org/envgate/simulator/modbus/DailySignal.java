package org.envgate.simulator.modbus;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Random;

/**
 * A value with a daily cycle and slowly wandering seeded noise: water temperature peaking in the
 * afternoon, pH and dissolved oxygen following photosynthesis, CO2 following traffic.
 *
 * @param mean      the daily mean
 * @param amplitude half the daily swing
 * @param peakHour  local hour of the daily maximum
 * @param noise     the noise's typical size
 */
public record DailySignal(double mean, double amplitude, double peakHour, double noise) {

    /** One source of values: the signal with its own seeded noise. */
    public Source source(long seed, ZoneId zone) {
        return new Source(this, new Random(seed), zone);
    }

    /** Draws the signal's values over time; deterministic for a seed and a sequence of times. */
    public static final class Source {
        private static final double MEMORY = 0.9;
        private final DailySignal signal;
        private final Random random;
        private final ZoneId zone;
        private double wander;

        private Source(DailySignal signal, Random random, ZoneId zone) {
            this.signal = signal;
            this.random = random;
            this.zone = zone;
        }

        public double next(long timeMillis) {
            wander = MEMORY * wander + Math.sqrt(1 - MEMORY * MEMORY) * random.nextGaussian();
            double hour = LocalTime.ofInstant(Instant.ofEpochMilli(timeMillis), zone).toSecondOfDay() / 3600.0;
            return signal.mean() + signal.amplitude() * Math.cos(2 * Math.PI * (hour - signal.peakHour()) / 24)
                    + signal.noise() * wander;
        }
    }
}
