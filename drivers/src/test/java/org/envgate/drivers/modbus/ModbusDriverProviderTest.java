package org.envgate.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueRange;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class ModbusDriverProviderTest {

    private static final SensorSpec SPEC = new SensorSpec("sonde", "/dev/ttyUSB0", SerialSettings.DEFAULT_9600_8N1);
    private static final Map<String, String> PH = Map.of("register", "0", "type", "int16", "scale", "0.01", "quantity", "ph");

    private static ModbusDriver create(Map<String, ?> options) {
        return (ModbusDriver) new ModbusDriverProvider().create(SPEC, new MapDriverOptions(options));
    }

    private static OptionException rejected(Map<String, ?> options) {
        return assertThrows(OptionException.class, () -> create(options));
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> options = new HashMap<>(Map.of("address", "3", "registers", List.of(PH)));
        options.put(key, value);
        return options;
    }

    @Test
    void foundByServiceLoaderWithNineSixHundredEightNOneAndNoWarmUp() {
        var provider = DriverRegistry.load().find("modbus").orElseThrow();
        assertEquals(SerialSettings.DEFAULT_9600_8N1, provider.defaultSerialSettings());
        assertEquals(Duration.ZERO, provider.defaultWarmUp());
    }

    @Test
    void registerMapWithDefaultsAndHexAddresses() {
        ModbusDriver driver = create(with("registers", List.of(PH, Map.of(
                "function", "4", "register", "0x0010", "type", "float32", "order", "cdab",
                "quantity", "conductivity", "min", "0", "max", "200000"))));

        assertEquals(3, driver.slave());
        // No min/max: the widest span of a pH probe.
        assertEquals(new RegisterMapping(3, 0, RegisterType.INT16, RegisterOrder.ABCD, 0.01, 0, Quantity.PH, new ValueRange(0, 14)),
                driver.registers().get(0));
        assertEquals(new RegisterMapping(4, 16, RegisterType.FLOAT32, RegisterOrder.CDAB, 1, 0, Quantity.CONDUCTIVITY,
                new ValueRange(0, 200000)), driver.registers().get(1));
        assertEquals(Duration.ofSeconds(1), driver.responseTimeout());
        assertNull(driver.trigger());
    }

    @Test
    void triggerAndResponseTimeout() {
        Map<String, Object> options = with("trigger-register", "0x20");
        options.put("settle", "2s");
        options.put("response-timeout", "300ms");

        ModbusDriver driver = create(options);

        assertEquals(new ModbusDriver.Trigger(0x20, 1, Duration.ofSeconds(2)), driver.trigger());
        assertEquals(Duration.ofMillis(300), driver.responseTimeout());
    }

    @Test
    void problemsInsideTheRegisterListNameTheItemsKey() {
        Map<String, String> bad = new HashMap<>(PH);
        bad.put("type", "int64");
        assertEquals("registers[1].type", rejected(with("registers", List.of(PH, bad))).key());
        bad.put("type", "int16");
        bad.put("quantity", "acidity");
        OptionException e = rejected(with("registers", List.of(PH, bad)));
        assertEquals("registers[1].quantity", e.key());
        assertTrue(e.getMessage().startsWith("unknown quantity 'acidity' (known: pm1_0,"), e.getMessage());
        bad.put("quantity", "ph");
        bad.put("function", "6");
        assertEquals("registers[1].function", rejected(with("registers", List.of(PH, bad))).key());
        bad.put("function", "3");
        bad.put("register", "70000");
        assertEquals("registers[1].register", rejected(with("registers", List.of(PH, bad))).key());
        bad.remove("register");
        assertEquals("registers[1].register", rejected(with("registers", List.of(PH, bad))).key());
        bad.put("register", "1");
        bad.put("scale", "ten");
        assertEquals("registers[1].scale", rejected(with("registers", List.of(PH, bad))).key());
        bad.put("scale", "0.01");
        OptionException twice = rejected(with("registers", List.of(PH, bad)));
        assertEquals("registers[1].quantity", twice.key());
        assertEquals("ph is already read from another register of this sensor", twice.getMessage());
        bad.put("quantity", "temperature");
        bad.put("min", "-inf");
        assertEquals("registers[1].min", rejected(with("registers", List.of(PH, bad))).key());
    }

    @Test
    void sensorLevelProblemsNameTheirKey() {
        assertEquals("address", rejected(with("address", "248")).key());
        assertEquals("address", rejected(Map.of("registers", List.of(PH))).key());
        assertEquals("registers", rejected(Map.of("address", "1")).key());
        assertEquals("registers", rejected(with("registers", "ph")).key());
        assertEquals("response-timeout", rejected(with("response-timeout", "0s")).key());
        assertEquals("settle", rejected(with("settle", "1s")).key());
        assertEquals("trigger-wait is now called settle: the pause after the trigger write, before the read",
                rejected(with("trigger-wait", "1s")).getMessage());
        Map<String, Object> longSettle = with("trigger-register", "0x20");
        longSettle.put("settle", "3m");
        assertEquals("settle", rejected(longSettle).key());
        assertEquals("max-registers-per-request", rejected(with("max-registers-per-request", "126")).key());
        assertEquals("max-registers-per-request", rejected(with("max-registers-per-request", "0")).key());
        assertEquals("max-gap", rejected(with("max-gap", "-1")).key());
    }

    @Test
    void overModbusTcpTheUnitIdAddressesTheDevice() {
        ModbusDriverProvider provider = new ModbusDriverProvider();
        provider.checkPort("modbus-tcp://10.0.0.7:502");
        provider.checkPort("modbus-tcp://sonde-gw.local:5020");
        assertEquals("port", assertThrows(OptionException.class, () -> provider.checkPort("modbus-tcp://10.0.0.7")).key());
        assertEquals("port", assertThrows(OptionException.class, () -> provider.checkPort("modbus-tcp://10.0.0.7:70000")).key());

        SensorSpec tcp = new SensorSpec("sonde", "modbus-tcp://10.0.0.7:502", SerialSettings.DEFAULT_9600_8N1);
        Map<String, Object> options = new HashMap<>(Map.of("unit-id", "255", "registers", List.of(PH)));
        assertEquals(255, ((ModbusDriver) provider.create(tcp, new MapDriverOptions(options))).slave());
        options.put("unit-id", "256");
        assertEquals("unit-id", assertThrows(OptionException.class, () -> provider.create(tcp, new MapDriverOptions(options))).key());
        options.remove("unit-id");
        assertEquals("unit-id", assertThrows(OptionException.class, () -> provider.create(tcp, new MapDriverOptions(options))).key());
        options.put("address", "3");
        OptionException serialKey = assertThrows(OptionException.class, () -> provider.create(tcp, new MapDriverOptions(options)));
        assertEquals("address is for serial lines; over modbus-tcp:// set unit-id", serialKey.getMessage());
        assertEquals("unit-id", rejected(with("unit-id", "1")).key());
    }

    @Test
    void aCoilOrADiscreteInputIsNamedByItsTypeOrItsFunctionAndBothMustAgree() {
        Map<String, String> pump = Map.of("type", "coil", "register", "0", "quantity", "flow");
        Map<String, String> door = Map.of("function", "2", "register", "0x10", "quantity", "water_level");
        ModbusDriver driver = create(with("registers", List.of(pump, door)));
        assertEquals(List.of(1, 2), driver.registers().stream().map(RegisterMapping::function).toList());
        assertEquals(List.of(RegisterType.COIL, RegisterType.DISCRETE_INPUT),
                driver.registers().stream().map(RegisterMapping::type).toList());

        OptionException clash = rejected(with("registers", List.of(Map.of("function", "3", "type", "coil", "register", "0",
                "quantity", "flow"))));
        assertEquals("registers[0].type", clash.key());
        assertEquals("type coil does not go with function 3 (coil: 1, discrete-input: 2, register types: 3 or 4)",
                clash.getMessage());
        assertEquals("registers[0].type", rejected(with("registers", List.of(Map.of("function", "1", "type", "int16",
                "register", "0", "quantity", "flow")))).key());
    }

    @Test
    void blockLimitsShapeThePlan() {
        Map<String, String> orp = Map.of("register", "3", "quantity", "orp");
        assertEquals(1, create(with("registers", List.of(PH, orp))).plan().size(), "read through the gap");
        Map<String, Object> options = with("registers", List.of(PH, orp));
        options.put("max-gap", "0");
        assertEquals(2, create(options).plan().size());
        options.put("max-gap", "5");
        options.put("max-registers-per-request", "1");
        assertEquals(2, create(options).plan().size());
        Map<String, String> flt = Map.of("register", "8", "type", "float32", "quantity", "conductivity");
        options.put("registers", List.of(PH, flt));
        assertEquals("registers[1].type", rejected(options).key());
    }
}
