package org.envgate.drivers.pulse;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueRange;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/**
 * A sensor that gives pulses on a GPIO: port {@code gpio:<BCM pin>}, options {@code edge},
 * {@code pull}, {@code debounce} plus the model's own.
 */
abstract class PulseDriverProvider implements SensorDriverProvider {

    static final String EDGE = "edge";
    static final String PULL = "pull";
    static final String DEBOUNCE = "debounce";
    /** A debounce this long would swallow real pulses of any sensor this driver serves. */
    static final Duration MAX_DEBOUNCE = Duration.ofSeconds(1);

    /** The model's options besides edge, pull and debounce. */
    abstract Set<String> conversionKeys();

    /** The debounce when none is configured. */
    abstract Duration defaultDebounce();

    abstract PulseConversion conversion(DriverOptions options);

    @Override
    public Set<Quantity> quantities() {
        return Set.of(quantity());
    }

    abstract Quantity quantity();

    @Override
    public ValueRange range(Quantity quantity, DriverOptions options) {
        return conversion(options).range();
    }

    @Override
    public Resolution resolution(Quantity quantity, DriverOptions options) {
        return conversion(options).resolution();
    }

    @Override
    public Set<String> optionKeys() {
        return Stream.concat(Stream.of(EDGE, PULL, DEBOUNCE), conversionKeys().stream()).collect(Collectors.toUnmodifiableSet());
    }

    /** Not used: no serial line. Any value satisfies the SPI. */
    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    /** A contact needs none; the first interval starts when the input opens. */
    @Override
    public Duration defaultWarmUp() {
        return Duration.ZERO;
    }

    @Override
    public void checkPort(String port) {
        PulsePort.pin(port);
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        Duration debounce = options.duration(DEBOUNCE, defaultDebounce());
        if (debounce.isNegative() || debounce.compareTo(MAX_DEBOUNCE) > 0) {
            throw new OptionException(DEBOUNCE, "debounce must be from 0ms to 1s, got " + debounce.toMillis() + "ms");
        }
        PulseInput input = new PulseInput(PulsePort.pin(spec.port()),
                options.choice(EDGE, PulseInput.Edge.class, PulseInput.Edge.FALLING),
                options.choice(PULL, PulseInput.Pull.class, PulseInput.Pull.UP),
                debounce);
        return new PulseDriver(spec, input, conversion(options));
    }

    /** A number option that must be above 0 (and at most {@code max}). */
    static double positive(DriverOptions options, String key, double defaultValue, double max) {
        double value = options.number(key, defaultValue);
        if (!(value > 0 && value <= max)) {
            throw new OptionException(key, key + " must be above 0 and at most " + max + ", got " + value);
        }
        return value;
    }
}
