package org.envgate.drivers.maxbotix;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.SerialSensorDriver;
import org.envgate.link.Link;
import org.envgate.wire.Quantity;

/**
 * Reads a free-running MaxBotix MaxSonar: the sensor sends a range report several times a second
 * on its own and takes no commands; each read discards what queued up and takes the next report.
 * With a mount height it also reports the water level under the sensor.
 */
public final class MaxbotixDriver extends SerialSensorDriver {

    /**
     * How the readings are interpreted.
     *
     * @param unit            what the digits count
     * @param noTargetReading the reading the model sends when it hears no echo; that and above are no distance
     * @param mountHeight     the sensor's height above the level's reference (channel bottom, gauge zero), in m
     */
    public record Settings(RangeUnit unit, int noTargetReading, OptionalDouble mountHeight) {
    }

    /** Reports come every 0.1 to 0.2 s (HRXL) or 0.05 s (LV-EZ); allow a lot more for filtered models. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final MaxbotixDecoder decoder;
    private final byte[] buffer = new byte[64];

    public MaxbotixDriver(SensorSpec spec, Settings settings) {
        this(spec, settings, System::nanoTime);
    }

    /** With the clock the timeout is measured on, for tests. */
    MaxbotixDriver(SensorSpec spec, Settings settings, LongSupplier nanoTime) {
        super(spec);
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.decoder = new MaxbotixDecoder(settings.unit());
    }

    public Settings settings() {
        return settings;
    }

    /** Nothing to set: the sensor has no serial input. */
    @Override
    protected void start(Link link) {
    }

    @Override
    protected List<Measurement> read(Link link) throws IOException {
        link.discardInput();
        decoder.reset();
        MaxbotixRange range = await(link);
        if (range.reading() >= settings.noTargetReading()) {
            throw new NoTargetException(String.format("%s: R%0" + settings.unit().digits() + "d is the sensor's "
                    + "no-target reading (no echo within range); no distance reported", link.port(), range.reading()));
        }
        double distance = range.metres();
        if (settings.mountHeight().isEmpty()) {
            return List.of(new Measurement(Quantity.DISTANCE, distance));
        }
        return List.of(new Measurement(Quantity.DISTANCE, distance),
                new Measurement(Quantity.WATER_LEVEL, settings.mountHeight().getAsDouble() - distance));
    }

    @Override
    public FrameCounters counters() {
        return decoder.counters();
    }

    private MaxbotixRange await(Link link) throws IOException {
        FrameCounters before = decoder.counters();
        long received = 0;
        long deadline = nanoTime.getAsLong() + TIMEOUT.toNanos();
        for (long remaining = TIMEOUT.toNanos(); remaining > 0; remaining = deadline - nanoTime.getAsLong()) {
            int count = link.read(buffer, 0, buffer.length, Duration.ofNanos(remaining));
            received += count;
            List<MaxbotixRange> ranges = decoder.feed(buffer, 0, count);
            if (!ranges.isEmpty()) {
                return ranges.get(ranges.size() - 1);
            }
        }
        String waited = link.port() + ": no range report within " + TIMEOUT.toMillis() + " ms";
        if (received == 0) {
            throw new SensorTimeoutException(waited + ": nothing received; check power, wiring (sensor pin 5 to "
                    + "gateway RX) and that pin 4 is open or high (free-running)");
        }
        throw new SensorTimeoutException(waited + ": " + received + " bytes received, "
                + (decoder.counters().malformed() - before.malformed()) + " malformed reports; check the signal "
                + "polarity (most models send RS-232 polarity: invert it for a Pi UART), baud (9600 8N1) "
                + "and range-unit (" + DriverOptions.kebab(settings.unit()) + ": R and "
                + settings.unit().digits() + " digits)");
    }
}
