package org.envgate.drivers.mhz19b;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueRange;
import org.envgate.link.Link;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/** Model {@code mhz19b}: Winsen MH-Z19B NDIR CO2 sensor on a UART, 0-5000 ppm range. */
public final class Mhz19bDriverProvider implements SensorDriverProvider {

    public static final String AUTOMATIC_BASELINE = "automatic-baseline";
    /** The datasheet's 0-5000 ppm detection range, the sensor's factory setting. */
    static final ValueRange RANGE = new ValueRange(0, 5000);
    /** Datasheet: resolution 1 ppm. */
    static final Resolution RESOLUTION = Resolution.of("1");
    /** Datasheet: preheat time 3 minutes. */
    public static final Duration WARM_UP = Duration.ofMinutes(3);

    @Override
    public String model() {
        return "mhz19b";
    }

    @Override
    public Set<Quantity> quantities() {
        return Set.of(Quantity.CO2);
    }

    @Override
    public ValueRange range(Quantity quantity, DriverOptions options) {
        return RANGE;
    }

    @Override
    public Resolution resolution(Quantity quantity, DriverOptions options) {
        return RESOLUTION;
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of(AUTOMATIC_BASELINE);
    }

    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    @Override
    public Duration defaultWarmUp() {
        return WARM_UP;
    }

    /** Sends one read, which changes nothing on the sensor. */
    @Override
    public Optional<String> probe(Link link) throws IOException {
        link.write(Mhz19bCommands.readCo2());
        Mhz19bDecoder decoder = new Mhz19bDecoder();
        byte[] buffer = new byte[64];
        long deadline = System.nanoTime() + Mhz19bDriver.ANSWER_TIMEOUT.toNanos();
        for (long left = Mhz19bDriver.ANSWER_TIMEOUT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            List<Mhz19bReading> readings = decoder.feed(buffer, 0, link.read(buffer, 0, buffer.length, Duration.ofNanos(left)));
            if (!readings.isEmpty()) {
                return Optional.of("Winsen MH-Z19B, CO2 " + readings.get(0).co2() + " ppm");
            }
        }
        return Optional.empty();
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        return new Mhz19bDriver(spec, options.choice(AUTOMATIC_BASELINE, Mhz19bDriver.Baseline.class,
                Mhz19bDriver.Baseline.KEEP));
    }
}
