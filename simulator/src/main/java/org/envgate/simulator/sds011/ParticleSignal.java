package org.envgate.simulator.sds011;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.OptionalDouble;
import java.util.Random;
import org.envgate.simulator.Signals;
import org.envgate.wire.Quantity;

/**
 * A plausible urban PM2.5/PM10 signal in tenths of ug/m3: night-time background, rush-hour peaks,
 * slowly wandering seeded noise; PM10 always above PM2.5. A scenario may dictate PM2.5 (PM10
 * then follows it) and PM10; values stay within what a frame holds.
 */
final class ParticleSignal {

    private final Random random;
    private final ZoneId zone;
    private double noise;

    ParticleSignal(long seed, ZoneId zone) {
        this.random = new Random(seed);
        this.zone = zone;
    }

    /** {@code {pm25Tenths, pm10Tenths}} at {@code timeMillis}. */
    int[] sample(long timeMillis, Signals signals) {
        noise = 0.9 * noise + 0.08 * random.nextGaussian();
        double hour = LocalTime.ofInstant(Instant.ofEpochMilli(timeMillis), zone).toSecondOfDay() / 3600.0;
        OptionalDouble dictated = signals.value(Quantity.PM2_5, timeMillis);
        double pm25 = dictated.orElse((9 + 28 * peak(hour, 7.5, 1.2) + 22 * peak(hour, 18.0, 1.5)) * Math.exp(noise));
        int pm25Tenths = tenths(Math.max(dictated.isPresent() ? 0 : 1, Math.round(pm25 * 10)));
        int pm10Tenths = tenths(Math.max(pm25Tenths + 1, Math.round(pm25Tenths * (1.5 + 0.1 * Math.abs(random.nextGaussian())))));
        OptionalDouble pm10 = signals.value(Quantity.PM10, timeMillis);
        if (pm10.isPresent()) {
            pm10Tenths = tenths(pm10.getAsDouble() * 10);
        }
        return new int[] {pm25Tenths, pm10Tenths};
    }

    /** Kept to the two bytes a frame has for each value. */
    private static int tenths(double value) {
        return (int) Math.max(0, Math.min(0xFFFF, Math.round(value)));
    }

    private static double peak(double hour, double centre, double width) {
        double distance = Math.abs(hour - centre);
        distance = Math.min(distance, 24 - distance);
        return Math.exp(-0.5 * (distance / width) * (distance / width));
    }
}
