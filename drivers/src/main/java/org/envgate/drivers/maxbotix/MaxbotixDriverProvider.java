package org.envgate.drivers.maxbotix;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueRange;
import org.envgate.link.Link;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/**
 * Model {@code maxbotix}: MaxBotix MaxSonar ultrasonic rangefinders with serial output, e.g. the
 * HRXL-MaxSonar-WR MB7389 (millimetres) or the LV-MaxSonar-EZ (inches).
 */
public final class MaxbotixDriverProvider implements SensorDriverProvider {

    public static final String RANGE_UNIT = "range-unit";
    public static final String NO_TARGET_READING = "no-target-reading";
    public static final String MOUNT_HEIGHT = "mount-height";

    /** The longest range of any serial MaxSonar (the 10 m HRXL models). */
    static final ValueRange DISTANCE_RANGE = new ValueRange(0, 10);

    @Override
    public String model() {
        return "maxbotix";
    }

    /** Water level only when the config gives a mount height. */
    @Override
    public Set<Quantity> quantities() {
        return Set.of(Quantity.DISTANCE, Quantity.WATER_LEVEL);
    }

    @Override
    public ValueRange range(Quantity quantity, DriverOptions options) {
        if (quantity == Quantity.WATER_LEVEL) {
            // Mount height minus a distance the sensor can measure; reported only with a mount height.
            double height = settings(options).mountHeight().orElse(DISTANCE_RANGE.max());
            return new ValueRange(height - DISTANCE_RANGE.max(), height - DISTANCE_RANGE.min());
        }
        return DISTANCE_RANGE;
    }

    /**
     * Distance: one step of the reading (1 mm or 1 inch). Water level, mount height minus the
     * distance, lies on that grid shifted by the mount height: the finer of its last decimal place
     * and the distance's.
     */
    @Override
    public Resolution resolution(Quantity quantity, DriverOptions options) {
        MaxbotixDriver.Settings settings = settings(options);
        Resolution distance = settings.unit().resolution();
        if (quantity == Quantity.WATER_LEVEL && settings.mountHeight().isPresent()) {
            return distance.shiftedBy(java.math.BigDecimal.valueOf(settings.mountHeight().getAsDouble()));
        }
        return distance;
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of(RANGE_UNIT, NO_TARGET_READING, MOUNT_HEIGHT);
    }

    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    /** The first reading after power-up is already a full measurement (after the start-up banner). */
    @Override
    public Duration defaultWarmUp() {
        return Duration.ZERO;
    }

    /** Listens: the sensor sends on its own and has nothing to ask. */
    @Override
    public Optional<String> probe(Link link) throws IOException {
        MaxbotixDecoder millimetres = new MaxbotixDecoder(RangeUnit.MM);
        MaxbotixDecoder inches = new MaxbotixDecoder(RangeUnit.INCH);
        byte[] buffer = new byte[64];
        long deadline = System.nanoTime() + MaxbotixDriver.TIMEOUT.toNanos();
        for (long left = MaxbotixDriver.TIMEOUT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            int count = link.read(buffer, 0, buffer.length, Duration.ofNanos(left));
            List<MaxbotixRange> mm = millimetres.feed(buffer, 0, count);
            if (!mm.isEmpty()) {
                return Optional.of(String.format("MaxBotix MaxSonar, range-unit mm, R%04d", mm.get(0).reading()));
            }
            List<MaxbotixRange> in = inches.feed(buffer, 0, count);
            if (!in.isEmpty()) {
                return Optional.of(String.format("MaxBotix MaxSonar, range-unit inch, R%03d", in.get(0).reading()));
            }
        }
        return Optional.empty();
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        return new MaxbotixDriver(spec, settings(options));
    }

    static MaxbotixDriver.Settings settings(DriverOptions options) {
        RangeUnit unit = options.choice(RANGE_UNIT, RangeUnit.class, RangeUnit.MM);
        int noTarget = options.integer(NO_TARGET_READING, unit.defaultNoTargetReading());
        int largest = (int) Math.pow(10, unit.digits()) - 1;
        if (noTarget < 1 || noTarget > largest) {
            throw new OptionException(NO_TARGET_READING, NO_TARGET_READING + " must be 1 to " + largest
                    + " (a " + unit.digits() + "-digit reading in " + DriverOptions.kebab(unit) + "), got " + noTarget);
        }
        double height = options.number(MOUNT_HEIGHT, Double.NaN);
        if (Double.isNaN(height)) {
            return new MaxbotixDriver.Settings(unit, noTarget, OptionalDouble.empty());
        }
        if (!(height > 0 && height <= DISTANCE_RANGE.max())) {
            throw new OptionException(MOUNT_HEIGHT, MOUNT_HEIGHT + " must be in metres, above 0 and at most "
                    + DISTANCE_RANGE.max() + ", got " + height);
        }
        return new MaxbotixDriver.Settings(unit, noTarget, OptionalDouble.of(height));
    }
}
