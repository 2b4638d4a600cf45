package org.envgate.simulator.mhz19b;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;

/** The MH-Z19B twin; the demo reads it with the driver's defaults. */
public final class Mhz19bTwinProvider implements TwinProvider {

    @Override
    public String model() {
        return Mhz19bTwin.MODEL;
    }

    @Override
    public SensorTwin create(TwinOptions options) {
        return new Mhz19bTwin(options);
    }

    @Override
    public Map<String, String> demoSensorOptions() {
        return Map.of();
    }

    /** The protocol has no error answer. */
    @Override
    public Set<TwinFaults.Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(TwinFaults.Fault.ERROR_RESPONSE));
    }

    /** CO2. */
    @Override
    public Set<Quantity> dictated() {
        return Set.of(Quantity.CO2);
    }
}
