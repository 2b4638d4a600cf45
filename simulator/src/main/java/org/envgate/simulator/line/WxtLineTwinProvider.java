package org.envgate.simulator.line;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;

/**
 * The {@code line} twin, a polled Vaisala WXT; the demo reads it with the WXT example of
 * docs/sensors/line.md.
 */
public final class WxtLineTwinProvider implements TwinProvider {

    @Override
    public String model() {
        return WxtLineTwin.MODEL;
    }

    @Override
    public SensorTwin create(TwinOptions options) {
        return new WxtLineTwin(options, ZoneId.systemDefault());
    }

    /** The WXT example's format, as YAML the demo writes under the sensor. */
    @Override
    public Map<String, String> demoSensorOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("command", WxtLineTwin.COMMAND);
        options.put("pattern", "'Ta=(?<temperature>[-+]?[0-9.]+)C.*Ua=(?<humidity>[0-9.]+)P,Pa=(?<pressure>[0-9.]+)H'");
        options.put("fields", "{temperature: {unit: Cel, range: [-52, 60]}, humidity: {unit: \"%RH\", range: [0, 100]}, "
                + "pressure: {unit: hPa, range: [600, 1100]}}");
        return options;
    }

    /** The line has no checksum and the WXT no error answer. */
    @Override
    public Set<TwinFaults.Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(TwinFaults.Fault.ERROR_RESPONSE, TwinFaults.Fault.BAD_CHECKSUM));
    }

    @Override
    public Set<Quantity> dictated() {
        return Set.of(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.PRESSURE);
    }
}
