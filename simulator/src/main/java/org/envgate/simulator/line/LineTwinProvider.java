package org.envgate.simulator.line;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;

/**
 * The {@code line} twin: a polled Vaisala WXT unless the sensor's options read another
 * {@link LineInstrument}; the demo reads the WXT with the WXT example of docs/sensors/line.md.
 */
public final class LineTwinProvider implements TwinProvider {

    @Override
    public String model() {
        return LineTwin.MODEL;
    }

    @Override
    public SensorTwin create(TwinOptions options) {
        return new LineTwin(LineInstrument.WXT, options, ZoneId.systemDefault());
    }

    /** The instrument whose documented format these options are: its command, or none for the sonde. */
    @Override
    public SensorTwin create(TwinOptions options, Map<String, String> sensorOptions) {
        return new LineTwin(LineInstrument.readBy(sensorOptions), options, ZoneId.systemDefault());
    }

    /** The WXT example's format, as YAML the demo writes under the sensor. */
    @Override
    public Map<String, String> demoSensorOptions() {
        return LineInstrument.WXT.sensorOptions();
    }

    /** The lines have no checksum and the instruments no error answer. */
    @Override
    public Set<TwinFaults.Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(TwinFaults.Fault.ERROR_RESPONSE, TwinFaults.Fault.BAD_CHECKSUM));
    }

    @Override
    public Set<Quantity> dictated() {
        return LineInstrument.WXT.dictated();
    }

    @Override
    public Set<Quantity> dictated(Map<String, String> sensorOptions) {
        return LineInstrument.readBy(sensorOptions).dictated();
    }
}
