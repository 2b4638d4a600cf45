package org.envgate.simulator.pms5003;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Random;
import org.envgate.simulator.Signals;
import org.envgate.wire.Quantity;

/**
 * The air inside a PMS5003T/ST in a tropical town: temperature warmest mid-afternoon and
 * coolest before dawn, humidity the other way round, formaldehyde at an indoor level that rises
 * in the evening. A scenario may dictate each; values are kept to the sensor's working range.
 */
final class ClimateSignal {

    private final Random random;
    private final ZoneId zone;

    ClimateSignal(long seed, ZoneId zone) {
        this.random = new Random(seed);
        this.zone = zone;
    }

    ClimateSample sample(long timeMillis, Signals signals) {
        double hour = LocalTime.ofInstant(Instant.ofEpochMilli(timeMillis), zone).toSecondOfDay() / 3600.0;
        double afternoon = Math.cos(2 * Math.PI * (hour - 15) / 24);
        double temperature = signals.value(Quantity.TEMPERATURE, timeMillis)
                .orElse(28 + 4 * afternoon + 0.1 * random.nextGaussian());
        double humidity = signals.value(Quantity.HUMIDITY, timeMillis)
                .orElse(75 - 15 * afternoon + 0.5 * random.nextGaussian());
        double evening = Math.exp(-0.5 * Math.pow((hour - 20) / 2.0, 2));
        double formaldehyde = signals.value(Quantity.FORMALDEHYDE, timeMillis)
                .orElse(0.02 + 0.03 * evening + 0.002 * random.nextGaussian());
        return new ClimateSample(
                (int) Math.round(clamp(temperature, -10, 60) * 10),
                (int) Math.round(clamp(humidity, 0, 99) * 10),
                (int) Math.round(clamp(formaldehyde, 0, 2) * 1000));
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
