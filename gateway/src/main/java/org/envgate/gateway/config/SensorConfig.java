package org.envgate.gateway.config;

import java.time.Duration;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.gateway.quality.SensorQuality;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/**
 * One sensor of the config: its common settings and its model's own options.
 *
 * @param line    the config line the sensor starts at, for messages
 * @param quality its quality tests and calibrations ({@code qc:}, {@code calibration:})
 */
public record SensorConfig(
        SensorSpec spec,
        SensorDriverProvider provider,
        Duration interval,
        Duration warmUp,
        DriverOptions options,
        int line,
        SensorQuality quality) {

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

    /** The quantities this sensor reports with its options. */
    public Set<Quantity> quantities() {
        return provider.quantities(options);
    }

    /**
     * A fresh driver that refuses values outside its model's ranges; its options were already
     * validated when the config was loaded.
     */
    public SensorDriver newDriver() {
        return RangeCheckedDriver.create(provider, spec, options);
    }
}
