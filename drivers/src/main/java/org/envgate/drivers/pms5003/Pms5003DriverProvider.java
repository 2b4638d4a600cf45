package org.envgate.drivers.pms5003;

import java.time.Duration;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/** Model {@code pms5003}: Plantower PMS5003 on a 3.3 V UART. */
public class Pms5003DriverProvider implements SensorDriverProvider {

    public static final String MODE = "mode";
    /** Datasheet: stable data at least 30 s after the sensor wakes up (the fan must spin up). */
    public static final Duration WARM_UP = Duration.ofSeconds(30);

    private final String model;

    public Pms5003DriverProvider() {
        this("pms5003");
    }

    /** For sensors that speak the same protocol under another model name. */
    protected Pms5003DriverProvider(String model) {
        this.model = model;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Set<Quantity> quantities() {
        return Set.of(Quantity.PM1_0, Quantity.PM2_5, Quantity.PM10);
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of(MODE);
    }

    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    @Override
    public Duration defaultWarmUp() {
        return WARM_UP;
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        return new Pms5003Driver(spec, options.choice(MODE, Pms5003Driver.Mode.class, Pms5003Driver.Mode.ACTIVE));
    }
}
