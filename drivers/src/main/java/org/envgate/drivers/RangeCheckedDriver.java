package org.envgate.drivers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.envgate.wire.Quantity;

/**
 * A model's driver with every value it reports checked against the range its provider declares
 * for the quantity: a value outside, NaN or infinite is a {@link ValueOutOfRangeException} (a
 * sensor error), never a reading. A value within is then rounded to the quantity's declared
 * {@link Resolution}, so what is sent, stored and shown is what the sensor resolves, without the
 * binary noise of a conversion ({@code 7.5200000000000005}, a float register's
 * {@code 412.3352355957031}). Every configured sensor's driver is made by {@link #create}, so no
 * model checks ranges or rounds of its own and none can forget to.
 */
public final class RangeCheckedDriver implements SensorDriver {

    private final SensorDriver driver;
    private final SensorSpec spec;
    private final String model;
    private final Map<Quantity, ValueRange> ranges;
    private final Map<Quantity, Resolution> resolutions;

    private RangeCheckedDriver(SensorDriver driver, SensorSpec spec, String model, Map<Quantity, ValueRange> ranges,
                               Map<Quantity, Resolution> resolutions) {
        this.driver = driver;
        this.spec = spec;
        this.model = model;
        this.ranges = ranges;
        this.resolutions = resolutions;
    }

    /**
     * Creates {@code provider}'s driver for one sensor, validating its options, with the ranges
     * and resolutions the provider declares for these options.
     *
     * @throws OptionException        when an option is wrong
     * @throws IllegalStateException  when the provider declares no range or resolution for a quantity it reports
     */
    public static RangeCheckedDriver create(SensorDriverProvider provider, SensorSpec spec, DriverOptions options) {
        return wrap(provider.create(spec, options), provider, spec, options);
    }

    /** Checks and rounds the values of a driver already made by {@code provider} (in tests, one with a test clock). */
    public static RangeCheckedDriver wrap(SensorDriver driver, SensorDriverProvider provider, SensorSpec spec,
                                          DriverOptions options) {
        return new RangeCheckedDriver(driver, spec, provider.model(), ranges(provider, options),
                resolutions(provider, options));
    }

    /** The range of every quantity {@code provider} reports, with these options. */
    public static Map<Quantity, ValueRange> ranges(SensorDriverProvider provider, DriverOptions options) {
        return declared(provider, "range", quantity -> provider.range(quantity, options));
    }

    /** The resolution of every quantity {@code provider} reports, with these options. */
    public static Map<Quantity, Resolution> resolutions(SensorDriverProvider provider, DriverOptions options) {
        return declared(provider, "resolution", quantity -> provider.resolution(quantity, options));
    }

    private static <T> Map<Quantity, T> declared(SensorDriverProvider provider, String what, Function<Quantity, T> declaration) {
        Map<Quantity, T> declared = new EnumMap<>(Quantity.class);
        for (Quantity quantity : provider.quantities()) {
            T value = declaration.apply(quantity);
            if (value == null) {
                throw new IllegalStateException("model " + provider.model() + " declares no " + what + " for " + quantity.id());
            }
            declared.put(quantity, value);
        }
        return Collections.unmodifiableMap(declared);
    }

    @Override
    public void open(DriverContext context) throws IOException {
        driver.open(context);
    }

    /**
     * The sample with each value rounded to its quantity's resolution.
     *
     * @throws ValueOutOfRangeException when any value of the sample is outside its range; the sample is not reported
     * @throws PartialReadException     with the values read checked and rounded, when the driver read only some
     */
    @Override
    public List<Measurement> read() throws IOException {
        try {
            return check(driver.read());
        } catch (PartialReadException e) {
            throw new PartialReadException(e.getMessage(), check(e.read()));
        }
    }

    /**
     * Returns {@code values}, each rounded to its quantity's resolution, when every one is within
     * its quantity's range. The range is checked on the value as the sensor sent it, so rounding
     * never lets a value in that was outside.
     *
     * @throws ValueOutOfRangeException naming the first value that is not
     */
    public List<Measurement> check(List<Measurement> values) throws ValueOutOfRangeException {
        List<Measurement> rounded = new ArrayList<>(values.size());
        for (Measurement m : values) {
            ValueRange range = ranges.get(m.quantity());
            if (range == null || !range.contains(m.value())) {
                throw new ValueOutOfRangeException(spec, model, m.quantity(), m.value(), range);
            }
            rounded.add(new Measurement(m.quantity(), resolutions.get(m.quantity()).round(m.value())));
        }
        return rounded;
    }

    @Override
    public void close() {
        driver.close();
    }

    @Override
    public FrameCounters counters() {
        return driver.counters();
    }
}
