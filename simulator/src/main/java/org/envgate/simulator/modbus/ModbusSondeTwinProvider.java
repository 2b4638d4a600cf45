package org.envgate.simulator.modbus;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.envgate.drivers.DriverOptions;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;

/** The generic Modbus twin as a water-quality sonde at slave 1, with the demo register map. */
public final class ModbusSondeTwinProvider implements TwinProvider {

    @Override
    public String model() {
        return ModbusSondeTwin.MODEL;
    }

    @Override
    public SensorTwin create(TwinOptions options) {
        return new ModbusSondeTwin(options);
    }

    /** At the {@code address} the gateway reads (1 when not given), with the demo register map. */
    @Override
    public SensorTwin create(TwinOptions options, Map<String, String> sensorOptions) {
        int address = Integer.parseInt(sensorOptions.getOrDefault("address", "1"));
        return new ModbusSondeTwin(options, address, ModbusSondeTwin.DEMO_MAP, ZoneId.systemDefault());
    }

    /** The register map in YAML flow style, written from the twin's own map so the two always agree. */
    @Override
    public Map<String, String> demoSensorOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("address", "1");
        options.put("registers", registersYaml(ModbusSondeTwin.DEMO_MAP));
        return options;
    }

    static String registersYaml(List<SondeRegister> map) {
        return map.stream().map(r -> String.format(Locale.ROOT,
                "{function: %d, register: %d, type: %s, order: %s, scale: %s, offset: %s, quantity: %s}",
                r.function(), r.register(), DriverOptions.kebab(r.type()), DriverOptions.kebab(r.order()),
                r.scale(), r.offset(), r.quantity().id())).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Each quantity of the register map. */
    @Override
    public Set<Quantity> dictated() {
        return ModbusSondeTwin.DEMO_MAP.stream().map(SondeRegister::quantity).collect(Collectors.toSet());
    }
}
