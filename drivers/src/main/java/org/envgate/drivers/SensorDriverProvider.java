package org.envgate.drivers;

import java.time.Duration;
import java.util.Set;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/**
 * One sensor model, found through {@link java.util.ServiceLoader}: adding a model means adding
 * a package with a provider listed in {@code META-INF/services}, never editing a switch.
 */
public interface SensorDriverProvider {

    /** The {@code model:} name in the config, e.g. {@code pms5003}. */
    String model();

    /** The quantities this model reports. */
    Set<Quantity> quantities();

    /**
     * The quantities one sensor of this model reports with these (already validated) options:
     * {@link #quantities()} unless the options choose (a Modbus register map names its own).
     */
    default Set<Quantity> quantities(DriverOptions options) {
        return quantities();
    }

    /**
     * The range the sensor can measure for {@code quantity}, one of {@link #quantities()}, with
     * these (already validated) options: the datasheet's, or the configured limits where the
     * sensor's range depends on them. Mandatory for every quantity: {@link RangeCheckedDriver}
     * refuses values outside, NaN and infinities as sensor errors, never reporting them.
     */
    ValueRange range(Quantity quantity, DriverOptions options);

    /**
     * The resolution of {@code quantity}, one of {@link #quantities()}, with these (already
     * validated) options: the smallest step the sensor resolves, from its datasheet. Mandatory
     * for every quantity: {@link RangeCheckedDriver} rounds every value to it, so no binary noise
     * of a conversion reaches the wire.
     */
    Resolution resolution(Quantity quantity, DriverOptions options);

    /**
     * Option keys whose value names another sensor of the same gateway (e.g. the temperature
     * sensor a conductivity circuit compensates with); the gateway checks that sensor exists.
     */
    default Set<String> sensorReferenceKeys() {
        return Set.of();
    }

    /** The model's own option keys (besides the common id, model, port, interval, warm-up, serial settings). */
    Set<String> optionKeys();

    /** The line settings from the datasheet; a config may override them. */
    SerialSettings defaultSerialSettings();

    /** How long after start or wake the sensor's values are not yet trustworthy. */
    Duration defaultWarmUp();

    /**
     * Checks the configured {@code port:}. The default accepts what {@link org.envgate.link.Links}
     * opens: an absolute device path or {@code tcp://host:port}.
     *
     * @throws OptionException with key {@code port} and the problem in plain words
     */
    default void checkPort(String port) {
        if (port.startsWith("tcp://")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("tcp://[^:/\\s]+:(\\d{1,5})").matcher(port);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
                throw new OptionException("port", "'" + port + "' must be tcp://host:port with a port from 1 to 65535");
            }
        } else if (!port.startsWith("/")) {
            throw new OptionException("port", "'" + port + "' must be a device path like /dev/ttyAMA0 or tcp://host:port");
        }
    }

    /**
     * Tries whether this model answers on {@code link}, already opened with
     * {@link #defaultSerialSettings()}, sending only commands that are safe for any device (queries,
     * never writes of settings). For {@code envgate probe}.
     *
     * @return what answered in a few words (model, address, firmware where known), or empty
     */
    default java.util.Optional<String> probe(org.envgate.link.Link link) throws java.io.IOException {
        return java.util.Optional.empty();
    }

    /**
     * Models that speak one protocol answer one probe: {@code envgate probe} asks only the first
     * provider of each group (the PMS7003 and the PMS5003; the five EZO circuits, whose answer
     * to {@code i} names the circuit).
     */
    default String probeGroup() {
        return model();
    }

    /** Builds a driver for one sensor, validating its options. */
    SensorDriver create(SensorSpec spec, DriverOptions options);
}
