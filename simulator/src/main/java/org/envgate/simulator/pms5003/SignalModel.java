package org.envgate.simulator.pms5003;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.OptionalDouble;
import java.util.Random;
import org.envgate.simulator.Signals;
import org.envgate.wire.Quantity;

/**
 * A plausible urban particulate signal: a night-time background, morning and evening rush-hour
 * peaks, and slowly wandering seeded noise. PM1.0 &lt; PM2.5 &lt; PM10 always; CF=1 values and
 * particle counts follow the atmospheric ones the way real captures do. A scenario may dictate
 * PM2.5 (PM1.0, PM10 and the CF=1 values then follow it) and each of the others, CF=1 values
 * included; every value is kept to what a frame word holds.
 *
 * <p>A scenario may also dictate the humidity of the air the sensor draws in (it does not report
 * it). Low-cost optical sensors count water-swollen particles and read high in humid air
 * (Barkjohn et al., Atmos. Meas. Tech. 14, 4617, 2021): with a humidity, the PM2.5 signal is what
 * a reference monitor would read, and the sensor's CF=1 PM2.5 is that value run backwards through
 * the US EPA correction, {@code (pm2_5 - 5.75 + 0.0862 RH) / 0.524}, so the correction recovers
 * the signal to within the frame's whole microgram. The other values scale with it.
 */
final class SignalModel {

    private static final double BACKGROUND = 8;
    /** Slowly wandering noise: each sample keeps most of the last one's deviation. */
    private static final double NOISE_MEMORY = 0.9;
    private static final double NOISE_STEP = 0.08;
    /** The US EPA correction for PurpleAir (Plantower) CF=1 PM2.5: slope, humidity term and offset. */
    static final double EPA_SLOPE = 0.524;
    static final double EPA_HUMIDITY = -0.0862;
    static final double EPA_OFFSET = 5.75;

    private final Random random;
    private final ZoneId zone;
    private double noise;

    SignalModel(long seed, ZoneId zone) {
        this.random = new Random(seed);
        this.zone = zone;
    }

    ParticleSample sample(long timeMillis, Signals signals) {
        noise = NOISE_MEMORY * noise + NOISE_STEP * random.nextGaussian();
        OptionalDouble dictated = signals.value(Quantity.PM2_5, timeMillis);
        double pm25 = dictated.orElse(dailyCycle(timeMillis) * Math.exp(noise));
        OptionalDouble humidity = signals.value(Quantity.HUMIDITY, timeMillis);
        Integer humidCf1 = null;
        if (humidity.isPresent()) {
            double reference = Math.max(0, pm25);
            humidCf1 = word((reference - EPA_OFFSET - EPA_HUMIDITY * humidity.getAsDouble()) / EPA_SLOPE);
            pm25 = atmospheric(humidCf1);
        }
        int pm25Rounded = word(Math.max(dictated.isPresent() ? 0 : 2, Math.round(pm25)));
        int pm1 = word(Math.max(0, Math.min(pm25Rounded - 1, Math.round(pm25 * (0.65 + 0.03 * random.nextGaussian())))));
        int pm10 = word(Math.max(pm25Rounded + 1, Math.round(pm25 * (1.4 + 0.1 * Math.abs(random.nextGaussian())))));
        pm1 = word(signals.value(Quantity.PM1_0, timeMillis).orElse(pm1));
        pm10 = word(signals.value(Quantity.PM10, timeMillis).orElse(pm10));
        int pm1Cf1 = word(signals.value(Quantity.PM1_0_CF1, timeMillis).orElse(cf1(pm1)));
        int pm25Cf1 = word(signals.value(Quantity.PM2_5_CF1, timeMillis)
                .orElse(humidCf1 != null ? humidCf1 : cf1(pm25Rounded)));
        int pm10Cf1 = word(signals.value(Quantity.PM10_CF1, timeMillis).orElse(cf1(pm10)));
        return new ParticleSample(pm1Cf1, pm25Cf1, pm10Cf1, pm1, pm25Rounded, pm10, counts(pm25Rounded, pm10));
    }

    private static int word(double value) {
        return (int) Math.max(0, Math.min(0xFFFF, Math.round(value)));
    }

    /** PM2.5 in ug/m3 by local time of day: rush hours around 07:30 and 18:00. */
    private double dailyCycle(long timeMillis) {
        LocalTime time = LocalTime.ofInstant(Instant.ofEpochMilli(timeMillis), zone);
        double hour = time.toSecondOfDay() / 3600.0;
        return BACKGROUND + 25 * peak(hour, 7.5, 1.2) + 20 * peak(hour, 18.0, 1.5) + 6 * peak(hour, 13.0, 3.0);
    }

    private static double peak(double hour, double centre, double width) {
        double distance = Math.abs(hour - centre);
        distance = Math.min(distance, 24 - distance); // the day wraps around midnight
        return Math.exp(-0.5 * (distance / width) * (distance / width));
    }

    /** The sensor's CF=1 ("factory") value equals the atmospheric one at low loads and runs higher above. */
    private static int cf1(int atmospheric) {
        return atmospheric <= 30 ? atmospheric : word(30 + (atmospheric - 30) * 1.5);
    }

    /** The atmospheric value whose {@link #cf1} is {@code cf1}. */
    private static double atmospheric(int cf1) {
        return cf1 <= 30 ? cf1 : 30 + (cf1 - 30) / 1.5;
    }

    /** Cumulative counts per 0.1 L ("over 0.3 um" includes "over 0.5 um"), so they never increase. */
    private int[] counts(int pm25, int pm10) {
        int[] counts = new int[ParticleSample.COUNT_BINS];
        counts[0] = word(pm25 * 125 * (1 + 0.05 * random.nextGaussian()));
        counts[1] = word(counts[0] * 0.29);
        counts[2] = word(counts[1] * 0.15);
        counts[3] = word(counts[2] * 0.12 * pm10 / Math.max(1, pm25));
        counts[4] = word(counts[3] * 0.3);
        counts[5] = word(counts[4] * 0.3);
        return counts;
    }
}
