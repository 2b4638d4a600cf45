package org.envgate.drivers.maxbotix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.ScriptedLink;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class MaxbotixDriverTest {

    private static final MaxbotixDriver.Settings HRXL = new MaxbotixDriver.Settings(RangeUnit.MM, 5000, OptionalDouble.empty());

    private final ScriptedLink link = new ScriptedLink();

    private MaxbotixDriver driver(MaxbotixDriver.Settings settings) {
        return new MaxbotixDriver(new SensorSpec("level", link.port(), SerialSettings.DEFAULT_9600_8N1), settings, link::nanoTime);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void discardsQueuedReportsAndTakesTheNextInMetres() throws Exception {
        link.arrived(ascii("R0999\rR0998\r")).arriveLater(ascii("R15")).arriveLater(ascii("23\r"));

        List<Measurement> values = driver(HRXL).read(link);

        assertEquals(List.of(new Measurement(Quantity.DISTANCE, 1.523)), values);
        assertTrue(link.writes().isEmpty(), "the sensor takes no commands");
    }

    @Test
    void withAMountHeightAlsoReportsTheWaterLevel() throws Exception {
        link.arriveLater(ascii("R1523\r"));

        List<Measurement> values = driver(new MaxbotixDriver.Settings(RangeUnit.MM, 5000, OptionalDouble.of(3.0))).read(link);

        assertEquals(Quantity.DISTANCE, values.get(0).quantity());
        assertEquals(Quantity.WATER_LEVEL, values.get(1).quantity());
        assertEquals(1.477, values.get(1).value(), 1e-12, "rounded to 1.477 exactly by RangeCheckedDriver");
    }

    @Test
    void inchesAreConvertedToMetres() throws Exception {
        link.arriveLater(ascii("R072\r"));

        List<Measurement> values = driver(new MaxbotixDriver.Settings(RangeUnit.INCH, 255, OptionalDouble.empty())).read(link);

        assertEquals(1.8288, values.get(0).value());
    }

    @Test
    void theNoTargetReadingIsNeverADistance() {
        link.arriveLater(ascii("R5000\r"));

        NoTargetException e = assertThrows(NoTargetException.class,
                () -> driver(new MaxbotixDriver.Settings(RangeUnit.MM, 5000, OptionalDouble.of(3.0))).read(link));

        assertEquals("/dev/ttyTEST0: R5000 is the sensor's no-target reading (no echo within range); "
                + "no distance reported", e.getMessage());
    }

    @Test
    void silenceTimesOutNamingThePortAndThePins() {
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, () -> driver(HRXL).read(link));

        assertEquals("/dev/ttyTEST0: no range report within 2000 ms: nothing received; check power, wiring "
                + "(sensor pin 5 to gateway RX) and that pin 4 is open or high (free-running)", e.getMessage());
    }

    @Test
    void garbageTimesOutPointingAtPolarityAndUnit() {
        link.arriveLater(ascii("R1523\r")); // a 4-digit report under range-unit inch

        SensorTimeoutException e = assertThrows(SensorTimeoutException.class,
                () -> driver(new MaxbotixDriver.Settings(RangeUnit.INCH, 255, OptionalDouble.empty())).read(link));

        assertEquals("/dev/ttyTEST0: no range report within 2000 ms: 6 bytes received, 1 malformed reports; check "
                + "the signal polarity (most models send RS-232 polarity: invert it for a Pi UART), baud (9600 8N1) "
                + "and range-unit (inch: R and 3 digits)", e.getMessage());
    }

    @Test
    void providerDefaultsAndOptions() {
        SensorDriverProvider provider = DriverRegistry.load().find("maxbotix").orElseThrow();
        assertEquals(SerialSettings.DEFAULT_9600_8N1, provider.defaultSerialSettings());
        assertEquals(Set.of("range-unit", "no-target-reading", "mount-height"), provider.optionKeys());
        assertEquals(Set.of(Quantity.DISTANCE, Quantity.WATER_LEVEL), provider.quantities());

        assertEquals(HRXL, MaxbotixDriverProvider.settings(new MapDriverOptions(Map.of())));
        assertEquals(new MaxbotixDriver.Settings(RangeUnit.INCH, 255, OptionalDouble.of(2.5)),
                MaxbotixDriverProvider.settings(new MapDriverOptions(Map.of("range-unit", "inch", "mount-height", "2.5"))));
        assertEquals(9999, MaxbotixDriverProvider.settings(
                new MapDriverOptions(Map.of("no-target-reading", "9999"))).noTargetReading());
    }

    @Test
    void badOptionsNameTheirKey() {
        assertEquals("range-unit", rejected(Map.of("range-unit", "cm")).key());
        assertEquals("no-target-reading must be 1 to 999 (a 3-digit reading in inch), got 5000",
                rejected(Map.of("range-unit", "inch", "no-target-reading", "5000")).getMessage());
        assertEquals("mount-height", rejected(Map.of("mount-height", "-1")).key());
        assertEquals("mount-height", rejected(Map.of("mount-height", "250")).key());
    }

    private static OptionException rejected(Map<String, String> values) {
        return assertThrows(OptionException.class, () -> MaxbotixDriverProvider.settings(new MapDriverOptions(values)));
    }
}
