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

    /** The model's own option keys (besides the common id, model, port, interval, warm-up, serial settings). */
    Set<String> optionKeys();

    /** The line settings from the datasheet; a config may override them. */
    SerialSettings defaultSerialSettings();

    /** How long after start or wake the sensor's values are not yet trustworthy. */
    Duration defaultWarmUp();

    /** Builds a driver for one sensor, validating its options. */
    SensorDriver create(DriverOptions options);
}
