package org.envgate.simulator.sds011;

import java.util.Map;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;

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
}
