package org.envgate.simulator.maxbotix;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;

/** The MaxBotix twin; the demo gives it the twin's mount height, so water level is reported too. */
public final class MaxbotixTwinProvider implements TwinProvider {

    @Override
    public String model() {
        return MaxbotixTwin.MODEL;
    }

    @Override
    public SensorTwin create(TwinOptions options) {
        return new MaxbotixTwin(options);
    }

    @Override
    public Map<String, String> demoSensorOptions() {
        return Map.of("range-unit", "mm", "mount-height", String.valueOf(MaxbotixTwin.MOUNT_HEIGHT_M));
    }

    /** The report has no checksum and no error answer. */
    @Override
    public Set<TwinFaults.Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(TwinFaults.Fault.ERROR_RESPONSE, TwinFaults.Fault.BAD_CHECKSUM));
    }

    /** The water level; the distance follows it. */
    @Override
    public Set<Quantity> dictated() {
        return Set.of(Quantity.WATER_LEVEL);
    }
}
