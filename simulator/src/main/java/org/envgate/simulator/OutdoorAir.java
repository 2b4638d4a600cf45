package org.envgate.simulator;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Random;

/**
 * Air in a coastal tropical city, for the twins of temperature, humidity and pressure sensors:
 * about 28 Cel with a 3 Cel daily swing (warmest at 14:00), relative humidity falling as the air
 * warms (about 75 %RH, 60 at noon, 90 before dawn), and pressure near 1008 hPa with its
 * twice-daily tide of about 1 hPa. Seeded noise, so a seed gives the same air for the same times.
 */
public final class OutdoorAir {

    private final Random noise;
    private final ZoneId zone;

    public OutdoorAir(long seed, ZoneId zone) {
        this.noise = new Random(seed);
        this.zone = zone;
    }

    /** Temperature (Cel), relative humidity (%RH) and pressure (hPa) at one time. */
    public record Sample(double celsius, double humidity, double hectopascals) {
    }

    public Sample at(long timeMillis) {
        double hour = LocalTime.ofInstant(Instant.ofEpochMilli(timeMillis), zone).toSecondOfDay() / 3600.0;
        double warmth = -Math.cos(2 * Math.PI * (hour - 2) / 24); // -1 at 02:00, +1 at 14:00
        double celsius = 28 + 3 * warmth + 0.1 * noise.nextGaussian();
        double humidity = Math.max(0, Math.min(100, 75 - 15 * warmth + 0.5 * noise.nextGaussian()));
        double hectopascals = 1008 + 1.0 * Math.cos(2 * Math.PI * (hour - 10) / 12) + 0.05 * noise.nextGaussian();
        return new Sample(celsius, humidity, hectopascals);
    }
}
