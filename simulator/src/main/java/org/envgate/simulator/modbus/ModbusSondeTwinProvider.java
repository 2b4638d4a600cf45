package org.envgate.simulator.modbus;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigMap;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.modbus.ModbusDriverProvider;
import org.envgate.drivers.modbus.RegisterMapping;
import org.envgate.drivers.modbus.RegisterOrder;
import org.envgate.drivers.modbus.RegisterType;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;

/**
 * The generic Modbus twin: a water-quality sonde at slave 1 with the demo register map, or any
 * slave whose sensor options give a {@code registers} map of their own (a temperature and
 * humidity transmitter, say), served as the gateway will read it.
 */
public final class ModbusSondeTwinProvider implements TwinProvider {

    @Override
    public String model() {
        return ModbusSondeTwin.MODEL;
    }

    @Override
    public SensorTwin create(TwinOptions options) {
        return new ModbusSondeTwin(options);
    }

    /**
     * At the {@code address} the gateway reads (1 when not given), with the {@code registers} the
     * gateway reads (the demo register map when not given). A value that no scenario dictates
     * stays at the middle of the quantity's span in its given {@code min}/{@code max}, or 50.
     */
    @Override
    public SensorTwin create(TwinOptions options, Map<String, String> sensorOptions) {
        int address = Integer.parseInt(sensorOptions.getOrDefault("address", "1"));
        return new ModbusSondeTwin(options, address, registers(sensorOptions), ZoneId.systemDefault());
    }

    @Override
    public Set<Quantity> dictated(Map<String, String> sensorOptions) {
        return registers(sensorOptions).stream().map(SondeRegister::quantity).collect(Collectors.toSet());
    }

    static List<SondeRegister> registers(Map<String, String> sensorOptions) {
        String text = sensorOptions.get(ModbusDriverProvider.REGISTERS);
        if (text == null) {
            return ModbusSondeTwin.DEMO_MAP;
        }
        try {
            List<SondeRegister> map = new ArrayList<>();
            for (ConfigMap item : ConfigMap.parse("registers", "registers: " + text).list("registers")) {
                map.add(register(item));
            }
            return map;
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static SondeRegister register(ConfigMap item) throws ConfigException {
        Quantity quantity = Quantity.byId(item.requiredText(RegisterMapping.QUANTITY))
                .orElseThrow(() -> item.error(RegisterMapping.QUANTITY, "is not a quantity"));
        double min = item.number(RegisterMapping.MIN, 0);
        double max = item.number(RegisterMapping.MAX, 100);
        int given = item.integer(RegisterMapping.FUNCTION, 0, 0, 4);
        RegisterType type = item.choice(RegisterMapping.TYPE, RegisterType.class,
                given == 1 ? RegisterType.COIL : given == 2 ? RegisterType.DISCRETE_INPUT : RegisterType.UINT16);
        int function = given != 0 ? given : type.isBit() ? type.bitFunction() : 3;
        return new SondeRegister(function, Integer.decode(item.requiredText(RegisterMapping.REGISTER)), type,
                item.choice(RegisterMapping.ORDER, RegisterOrder.class, RegisterOrder.ABCD),
                item.number(RegisterMapping.SCALE, 1), item.number(RegisterMapping.OFFSET, 0), quantity,
                new DailySignal((min + max) / 2, 0, 12, 0), max + (max - min));
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
