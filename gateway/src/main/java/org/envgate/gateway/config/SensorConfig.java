package org.envgate.gateway.config;

import java.time.Duration;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.link.SerialSettings;

/**
 * One sensor of the config: its common settings and its model's own options.
 *
 * @param line the config line the sensor starts at, for messages
 */
public record SensorConfig(
        SensorSpec spec,
        SensorDriverProvider provider,
        Duration interval,
        Duration warmUp,
        DriverOptions options,
        int line) {

    public String id() {
        return spec.id();
    }

    public String port() {
        return spec.port();
    }

    public SerialSettings serial() {
        return spec.serial();
    }

    public String model() {
        return provider.model();
    }

    /**
     * A fresh driver that refuses values outside its model's ranges; its options were already
     * validated when the config was loaded.
     */
    public SensorDriver newDriver() {
        return RangeCheckedDriver.create(provider, spec, options);
    }
}
