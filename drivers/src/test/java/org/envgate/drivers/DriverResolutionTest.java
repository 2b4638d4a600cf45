package org.envgate.drivers;

import static org.envgate.drivers.FixedValuesDriver.sending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.envgate.drivers.modbus.RegisterOrder;
import org.envgate.drivers.modbus.RegisterType;
import org.envgate.drivers.modbus.RegisterValue;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/**
 * Every model on the class path declares a resolution for every quantity it reports, and the one
 * wrapper gives every value back as a multiple of it, in its shortest decimal form.
 */
class DriverResolutionTest {

    private static final SensorSpec SPEC = new SensorSpec("s1", "/dev/ttyTEST0", SerialSettings.DEFAULT_9600_8N1);
    private static final DriverOptions NO_OPTIONS = new MapDriverOptions(Map.of());

    /** Options that change a model's resolution, besides none at all. */
    private static final Map<String, List<DriverOptions>> VARIANTS = Map.of(
            "maxbotix", List.of(options("mount-height", "3"), options("range-unit", "inch", "mount-height", "2.5"),
                    options("mount-height", "1.23456")),
            "rain-gauge", List.of(options("mm-per-tip", "0.2"), options("mm-per-tip", "0.254")),
            "flow-meter", List.of(options("pulses-per-litre", "5.5"), options("pulses-per-litre", "98000")),
            "modbus", List.of(new MapDriverOptions(Map.of("address", "1", "registers", List.of(
                    Map.of("register", "0", "quantity", "ph", "type", "int16", "scale", "0.01"),
                    Map.of("register", "1", "quantity", "temperature", "type", "int16", "scale", "0.1", "offset", "-40.05"),
                    Map.of("register", "2", "quantity", "conductivity", "type", "float32"),
                    Map.of("register", "4", "quantity", "orp", "type", "int32", "scale", "-2"))))));

    private static DriverOptions options(String... keysAndValues) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new MapDriverOptions(map);
    }

    @Test
    void everyModelGivesEveryValueInRangeBackAsAMultipleOfItsResolutionInShortDecimalForm() throws IOException {
        DriverRegistry registry = DriverRegistry.load();
        assertTrue(registry.models().size() >= 13, registry.models().toString());
        Random random = new Random(12);
        int checked = 0;
        for (String model : registry.models()) {
            SensorDriverProvider provider = registry.find(model).orElseThrow();
            List<DriverOptions> variants = new ArrayList<>(List.of(NO_OPTIONS));
            variants.addAll(VARIANTS.getOrDefault(model, List.of()));
            for (DriverOptions options : variants) {
                Map<Quantity, Resolution> resolutions = RangeCheckedDriver.resolutions(provider, options);
                assertEquals(provider.quantities(), resolutions.keySet(), model);
                Map<Quantity, ValueRange> ranges = RangeCheckedDriver.ranges(provider, options);
                for (Quantity quantity : provider.quantities()) {
                    BigDecimal step = resolutions.get(quantity).step();
                    ValueRange range = ranges.get(quantity);
                    assertNotNull(step, model + " " + quantity.id());
                    assertTrue(step.compareTo(BigDecimal.valueOf(range.max() - range.min())) < 0,
                            model + " " + quantity.id() + ": step " + step + " within range " + range);
                    for (int i = 0; i < 500; i++) {
                        double sent = range.min() + random.nextDouble() * (range.max() - range.min());
                        double value = RangeCheckedDriver.wrap(sending(new Measurement(quantity, sent)), provider, SPEC, options)
                                .read().get(0).value();
                        String where = model + " " + quantity.id() + " " + sent + " -> " + value + " at " + step.toPlainString();
                        BigDecimal decimal = BigDecimal.valueOf(value);
                        assertEquals(0, decimal.remainder(step).signum(), where);
                        assertTrue(decimal.stripTrailingZeros().scale() <= Math.max(step.scale(), 0), where);
                        assertTrue(Math.abs(value - sent) <= step.doubleValue() / 2 * (1 + 1e-9), where);
                        assertTrue(Double.toString(value).length() <= 16, where);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 10_000, "values checked: " + checked);
    }

    @Test
    void theRangeIsCheckedOnTheValueAsSentSoRoundingNeverLetsOneIn() {
        SensorDriverProvider pms = DriverRegistry.load().find("pms5003").orElseThrow();
        RangeCheckedDriver driver = RangeCheckedDriver.wrap(sending(new Measurement(Quantity.PM2_5, 1000.4)), pms, SPEC, NO_OPTIONS);

        assertThrows(ValueOutOfRangeException.class, driver::read);
    }

    @Test
    void theDatasheetResolutions() {
        DriverRegistry registry = DriverRegistry.load();
        assertEquals(Resolution.of("1"), registry.find("pms5003").orElseThrow().resolution(Quantity.PM2_5, NO_OPTIONS));
        assertEquals(Resolution.of("1"), registry.find("pms7003").orElseThrow().resolution(Quantity.PM10, NO_OPTIONS));
        assertEquals(Resolution.of("0.1"), registry.find("sds011").orElseThrow().resolution(Quantity.PM2_5, NO_OPTIONS));
        assertEquals(Resolution.of("1"), registry.find("mhz19b").orElseThrow().resolution(Quantity.CO2, NO_OPTIONS));
        assertEquals(Resolution.of("1"), registry.find("senseair-s8").orElseThrow().resolution(Quantity.CO2, NO_OPTIONS));
        assertEquals(Resolution.of("0.0625"), registry.find("ds18b20").orElseThrow().resolution(Quantity.TEMPERATURE, NO_OPTIONS));
        assertEquals(Resolution.of("0.001"), registry.find("ezo-ph").orElseThrow().resolution(Quantity.PH, NO_OPTIONS));
        assertEquals(Resolution.of("0.1"), registry.find("ezo-orp").orElseThrow().resolution(Quantity.ORP, NO_OPTIONS));
        assertEquals(Resolution.of("0.01"), registry.find("ezo-ec").orElseThrow().resolution(Quantity.CONDUCTIVITY, NO_OPTIONS));
        assertEquals(Resolution.of("0.01"), registry.find("ezo-do").orElseThrow().resolution(Quantity.DISSOLVED_OXYGEN, NO_OPTIONS));
        assertEquals(Resolution.of("0.001"), registry.find("ezo-rtd").orElseThrow().resolution(Quantity.TEMPERATURE, NO_OPTIONS));
        SensorDriverProvider maxbotix = registry.find("maxbotix").orElseThrow();
        assertEquals(Resolution.of("0.001"), maxbotix.resolution(Quantity.DISTANCE, NO_OPTIONS));
        assertEquals(Resolution.of("0.0254"), maxbotix.resolution(Quantity.DISTANCE, options("range-unit", "inch")));
        assertEquals(Resolution.of("0.0001"), maxbotix.resolution(Quantity.WATER_LEVEL,
                options("range-unit", "inch", "mount-height", "2.5")));
        assertEquals(Resolution.of("0.2794"), registry.find("rain-gauge").orElseThrow().resolution(Quantity.RAINFALL, NO_OPTIONS));
        assertEquals(Resolution.of("0.00001"), registry.find("flow-meter").orElseThrow().resolution(Quantity.FLOW, NO_OPTIONS));
    }

    @Test
    void aModbusRegisterResolvesOneCountOfItsScaleAndAFloatTheQuantitysFinestStep() throws IOException {
        SensorDriverProvider modbus = DriverRegistry.load().find("modbus").orElseThrow();
        DriverOptions options = VARIANTS.get("modbus").get(0);
        assertEquals(Resolution.of("0.01"), modbus.resolution(Quantity.PH, options));
        assertEquals(Resolution.of("0.01"), modbus.resolution(Quantity.TEMPERATURE, options), "offset -40.05 on a 0.1 scale");
        assertEquals(Resolution.of("0.01"), modbus.resolution(Quantity.CONDUCTIVITY, options));
        assertEquals(Resolution.of("2"), modbus.resolution(Quantity.ORP, options));
        assertEquals(Resolution.of("0.01"), modbus.resolution(Quantity.DISSOLVED_OXYGEN, options), "no register: the finest");

        // 752 x 0.01 is 7.5200000000000005 in binary; the float 412.33524 widens to 412.3352355957031.
        double ph = RegisterValue.decode(new int[] {752}, 0, RegisterType.INT16, RegisterOrder.ABCD, 0.01, 0);
        int bits = Float.floatToIntBits(412.33524f);
        double conductivity = RegisterValue.decode(new int[] {bits >>> 16, bits & 0xFFFF}, 0, RegisterType.FLOAT32,
                RegisterOrder.ABCD, 1, 0);
        assertEquals("7.5200000000000005", Double.toString(ph));
        assertEquals("412.3352355957031", Double.toString(conductivity));

        List<Measurement> values = RangeCheckedDriver.wrap(sending(new Measurement(Quantity.PH, ph),
                new Measurement(Quantity.CONDUCTIVITY, conductivity)), modbus, SPEC, options).read();

        assertEquals(List.of(new Measurement(Quantity.PH, 7.52), new Measurement(Quantity.CONDUCTIVITY, 412.34)), values);
    }
}
