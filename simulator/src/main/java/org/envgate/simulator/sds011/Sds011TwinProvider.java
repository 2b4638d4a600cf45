package org.envgate.simulator.sds011;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;

/** The SDS011 twin. The demo reads it in query mode, the driver's default. */
public final class Sds011TwinProvider implements TwinProvider {

    @Override
    public String model() {
        return Sds011Twin.MODEL;
    }

    @Override
    public SensorTwin create(TwinOptions options) {
        return new Sds011Twin(options);
    }

    @Override
    public Map<String, String> demoSensorOptions() {
        return Map.of("mode", "query");
    }

    /** The protocol has no error answer. */
    @Override
    public Set<TwinFaults.Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(TwinFaults.Fault.ERROR_RESPONSE));
    }

    /** PM2.5; PM10 follows it unless dictated too. */
    @Override
    public Set<Quantity> dictated() {
        return Set.of(Quantity.PM2_5, Quantity.PM10);
    }
}
