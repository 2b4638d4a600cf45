package org.envgate.simulator.pms5003;

import java.util.Map;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;

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
}
