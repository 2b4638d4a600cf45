package org.envgate.drivers.pms5003;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.drivers.ValueRange;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.PtyPair;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/** The PMS5003T and PMS5003ST: their quantities, ranges and resolutions, and a read through a real pty. */
class Pms5003tStModelsTest {

    private static final Set<Quantity> PM = Set.of(Quantity.PM1_0, Quantity.PM2_5, Quantity.PM10,
            Quantity.PM1_0_CF1, Quantity.PM2_5_CF1, Quantity.PM10_CF1);
    private static final MapDriverOptions NONE = new MapDriverOptions(Map.of());

    @Test
    void aPms5003tFrameGivesTheParticleValuesThenTemperatureAndHumidity() throws Exception {
        byte[] frame = VectorFile.load("vectors/pms5003t/below-freezing.vec").bytes();
        assertEquals(List.of(
                new Measurement(Quantity.PM1_0, 22),
                new Measurement(Quantity.PM2_5, 35),
                new Measurement(Quantity.PM10, 41),
                new Measurement(Quantity.PM1_0_CF1, 23),
                new Measurement(Quantity.PM2_5_CF1, 39),
                new Measurement(Quantity.PM10_CF1, 41),
                new Measurement(Quantity.TEMPERATURE, -5.3),
                new Measurement(Quantity.HUMIDITY, 67.0)), Pms5003Frame.decode(frame, Pms5003Layout.PMS5003T).measurements());
    }

    @Test
    void aPms5003stFrameAddsFormaldehydeInMilligramsPerCubicMetre() throws Exception {
        byte[] frame = VectorFile.load("vectors/pms5003st/datasheet-layout-room-air.vec").bytes();
        List<Measurement> values = Pms5003Frame.decode(frame, Pms5003Layout.PMS5003ST).measurements();
        assertEquals(List.of(
                new Measurement(Quantity.FORMALDEHYDE, 0.018),
                new Measurement(Quantity.TEMPERATURE, 21.2),
                new Measurement(Quantity.HUMIDITY, 22.4)), values.subList(6, 9));
        assertEquals("mg/m3", Quantity.FORMALDEHYDE.unit());
    }

    @Test
    void theModelsAreFoundWithTheirQuantitiesRangesAndResolutions() {
        DriverRegistry registry = DriverRegistry.load();
        SensorDriverProvider t = registry.find("pms5003t").orElseThrow();
        SensorDriverProvider st = registry.find("pms5003st").orElseThrow();
        assertEquals(union(PM, Set.of(Quantity.TEMPERATURE, Quantity.HUMIDITY)), t.quantities());
        assertEquals(union(PM, Set.of(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.FORMALDEHYDE)), st.quantities());
        for (SensorDriverProvider provider : List.of(t, st)) {
            assertEquals(SerialSettings.DEFAULT_9600_8N1, provider.defaultSerialSettings());
            assertEquals(Duration.ofSeconds(30), provider.defaultWarmUp());
            assertEquals(Set.of("mode"), provider.optionKeys());
            assertEquals(new ValueRange(0, 1000), provider.range(Quantity.PM2_5, NONE));
            assertEquals(new ValueRange(0, 1500), provider.range(Quantity.PM2_5_CF1, NONE));
            assertEquals(new ValueRange(-10, 60), provider.range(Quantity.TEMPERATURE, NONE));
            assertEquals(new ValueRange(0, 99), provider.range(Quantity.HUMIDITY, NONE));
            assertEquals("0.1", provider.resolution(Quantity.TEMPERATURE, NONE).step().toPlainString());
        }
        assertEquals(new ValueRange(0, 2), st.range(Quantity.FORMALDEHYDE, NONE));
        assertEquals("0.001", st.resolution(Quantity.FORMALDEHYDE, NONE).step().toPlainString());
        assertEquals("plantower", t.probeGroup());
        assertEquals("plantower-st", st.probeGroup());
    }

    @Test
    void aPms5003stIsReadInPassiveModeThroughAPtyAndItsTemperatureRangeChecked() throws Exception {
        byte[] good = VectorFile.load("vectors/pms5003st/datasheet-layout-room-air.vec").bytes();
        byte[] tooHot = good.clone();
        tooHot[31] = (byte) 0xF4; // 0x00F4 -> 0x02F4 = 75.6 Cel, above the datasheet's 60
        tooHot[30] = 0x02;
        int sum = Pms5003Frame.checksum(tooHot, 0, 38);
        tooHot[38] = (byte) (sum >> 8);
        tooHot[39] = (byte) sum;
        SensorDriverProvider provider = DriverRegistry.load().find("pms5003st").orElseThrow();
        try (PtyPair pty = PtyPair.start();
             Link sensor = Links.open(pty.b(), SerialSettings.DEFAULT_9600_8N1);
             RangeCheckedDriver driver = RangeCheckedDriver.create(provider,
                     new SensorSpec("air", pty.a(), SerialSettings.DEFAULT_9600_8N1),
                     new MapDriverOptions(Map.of("mode", "passive")))) {
            driver.open(DriverContext.DIRECT);
            Thread answering = answer(sensor, List.of(good, tooHot));
            List<Measurement> values = driver.read();
            assertTrue(values.contains(new Measurement(Quantity.FORMALDEHYDE, 0.018)), values.toString());
            assertTrue(values.contains(new Measurement(Quantity.HUMIDITY, 22.4)), values.toString());
            ValueOutOfRangeException e = assertThrows(ValueOutOfRangeException.class, driver::read);
            assertTrue(e.getMessage().contains("temperature = 75.6 Cel is outside the pms5003st's range (-10 to 60 Cel)"),
                    e.getMessage());
            answering.join(5000);
        }
    }

    /** Answers each passive read command ({@code 42 4D E2 ...}) with the next frame. */
    private static Thread answer(Link sensor, List<byte[]> frames) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64];
            int answered = 0;
            try {
                while (answered < frames.size()) {
                    int n = sensor.read(buffer, 0, buffer.length, Duration.ofSeconds(5));
                    for (int i = 0; i + 2 < n; i++) {
                        if ((buffer[i] & 0xFF) == 0x42 && (buffer[i + 2] & 0xFF) == Pms5003Commands.READ_PASSIVE) {
                            sensor.write(frames.get(answered++));
                            break;
                        }
                    }
                    if (n == 0) {
                        return;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "pms5003st-sensor");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static Set<Quantity> union(Set<Quantity> a, Set<Quantity> b) {
        java.util.Set<Quantity> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
