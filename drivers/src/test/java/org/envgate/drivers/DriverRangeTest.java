package org.envgate.drivers;

import static org.envgate.drivers.FixedValuesDriver.sending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/** Every model on the class path declares a range for every quantity it reports, and the one wrapper enforces it. */
class DriverRangeTest {

    private static final SensorSpec SPEC = new SensorSpec("s1", "/dev/ttyTEST0", SerialSettings.DEFAULT_9600_8N1);
    private static final DriverOptions NO_OPTIONS = new MapDriverOptions(Map.of());

    @Test
    void everyRegisteredModelDeclaresAFiniteRangeForEveryQuantity() {
        DriverRegistry registry = DriverRegistry.load();
        assertTrue(registry.models().size() >= 13, registry.models().toString());
        for (String model : registry.models()) {
            SensorDriverProvider provider = registry.find(model).orElseThrow();
            assertFalse(provider.quantities().isEmpty(), model);
            Map<Quantity, ValueRange> ranges = RangeCheckedDriver.ranges(provider, NO_OPTIONS);
            assertEquals(provider.quantities(), ranges.keySet(), model);
            ranges.forEach((quantity, range) -> {
                assertTrue(range.max() > range.min(), model + " " + quantity.id() + " " + range);
                assertFalse(range.contains(Double.NaN), model + " " + quantity.id());
                assertFalse(range.contains(Double.POSITIVE_INFINITY) || range.contains(Double.NEGATIVE_INFINITY),
                        model + " " + quantity.id());
            });
        }
    }

    @Test
    void theDatasheetRangesOfTheParticleAndCo2Sensors() {
        DriverRegistry registry = DriverRegistry.load();
        assertEquals(new ValueRange(0, 1000), registry.find("pms5003").orElseThrow().range(Quantity.PM2_5, NO_OPTIONS));
        assertEquals(new ValueRange(0, 1000), registry.find("pms7003").orElseThrow().range(Quantity.PM10, NO_OPTIONS));
        assertEquals(new ValueRange(0, 999.9), registry.find("sds011").orElseThrow().range(Quantity.PM2_5, NO_OPTIONS));
        assertEquals(new ValueRange(0, 5000), registry.find("mhz19b").orElseThrow().range(Quantity.CO2, NO_OPTIONS));
        assertEquals(new ValueRange(0, 10000), registry.find("senseair-s8").orElseThrow().range(Quantity.CO2, NO_OPTIONS));
    }

    @Test
    void aModbusRegisterIsCheckedAgainstItsMinAndMaxOrElseTheQuantitysWidestSpan() {
        SensorDriverProvider modbus = DriverRegistry.load().find("modbus").orElseThrow();
        DriverOptions options = new MapDriverOptions(Map.of("address", "1", "registers", List.of(
                Map.of("register", "0", "quantity", "ph", "min", "2", "max", "12"),
                Map.of("register", "1", "quantity", "temperature", "max", "40"))));

        assertEquals(new ValueRange(2, 12), modbus.range(Quantity.PH, options));
        assertEquals(new ValueRange(-60, 40), modbus.range(Quantity.TEMPERATURE, options));
        assertEquals(new ValueRange(0, 100), modbus.range(Quantity.DISSOLVED_OXYGEN, options));
    }

    @Test
    void theWrapperRefusesValuesOutsideNotANumberAndInfinityNamingSensorPortQuantityValueAndRange() throws IOException {
        SensorDriverProvider pms = DriverRegistry.load().find("pms7003").orElseThrow();
        for (double refused : new double[] {1000.5, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            RangeCheckedDriver driver = RangeCheckedDriver.wrap(sending(new Measurement(Quantity.PM2_5, refused)), pms, SPEC,
                    NO_OPTIONS);

            ValueOutOfRangeException e = assertThrows(ValueOutOfRangeException.class, driver::read);

            assertEquals("sensor s1 on /dev/ttyTEST0: pm2_5 = " + ValueRange.plain(refused) + " ug/m3 is outside the "
                    + "pms7003's range (0 to 1000 ug/m3); the sample is not reported", e.getMessage());
            assertEquals(Quantity.PM2_5, e.quantity());
            assertEquals(new ValueRange(0, 1000), e.range());
        }
        List<Measurement> edges = List.of(new Measurement(Quantity.PM1_0, 0), new Measurement(Quantity.PM2_5, 1000));
        assertEquals(edges, RangeCheckedDriver.wrap(sending(edges.toArray(Measurement[]::new)), pms, SPEC, NO_OPTIONS).read());
    }

    @Test
    void aQuantityTheModelDoesNotReportIsRefusedToo() {
        SensorDriverProvider pms = DriverRegistry.load().find("pms5003").orElseThrow();
        RangeCheckedDriver driver = RangeCheckedDriver.wrap(sending(new Measurement(Quantity.CO2, 400)), pms, SPEC, NO_OPTIONS);

        ValueOutOfRangeException e = assertThrows(ValueOutOfRangeException.class, driver::read);

        assertEquals("sensor s1 on /dev/ttyTEST0: co2 = 400 ppm, a quantity the pms5003 does not report; "
                + "the sample is not reported", e.getMessage());
    }
}
