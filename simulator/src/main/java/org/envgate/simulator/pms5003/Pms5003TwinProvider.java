package org.envgate.simulator.pms5003;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;

/** The PMS5003 twin. The demo reads it in passive mode, which exercises the command path. */
public final class Pms5003TwinProvider implements TwinProvider {

    @Override
    public String model() {
        return Pms5003Twin.MODEL;
    }

    @Override
    public SensorTwin create(TwinOptions options) {
        return new Pms5003Twin(options);
    }

    @Override
    public Map<String, String> demoSensorOptions() {
        return Map.of("mode", "passive");
    }

    /** No error answer in the protocol. */
    @Override
    public Set<TwinFaults.Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(TwinFaults.Fault.ERROR_RESPONSE));
    }

    /**
     * PM2.5; PM1.0, PM10 and the CF=1 values follow it unless dictated too. Humidity is the
     * air's, which the sensor does not report but reads high in.
     */
    @Override
    public Set<Quantity> dictated() {
        return Set.of(Quantity.PM1_0, Quantity.PM2_5, Quantity.PM10,
                Quantity.PM1_0_CF1, Quantity.PM2_5_CF1, Quantity.PM10_CF1, Quantity.HUMIDITY);
    }
}
