package org.envgate.simulator.modbus;

import java.util.Map;
import java.util.Set;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;

/** The Senseair S8 twin; the demo reads it at the "any sensor" address, the driver's default. */
public final class SenseairS8TwinProvider implements TwinProvider {

    @Override
    public String model() {
        return SenseairS8Twin.MODEL;
    }

    @Override
    public SensorTwin create(TwinOptions options) {
        return new SenseairS8Twin(options);
    }

    @Override
    public Map<String, String> demoSensorOptions() {
        return Map.of();
    }

    /** CO2. */
    @Override
    public Set<Quantity> dictated() {
        return Set.of(Quantity.CO2);
    }
}
