package org.envgate.simulator.ds18b20;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ds18b20.AllZeroScratchpadException;
import org.envgate.drivers.ds18b20.Ds18b20DriverProvider;
import org.envgate.drivers.ds18b20.PowerOnValueException;
import org.envgate.drivers.ds18b20.W1SlaveDecoder;
import org.envgate.link.PortLostException;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sysfs twin against the real driver, end to end through files. */
class W1SysfsTwinTest {

    private static final long MIDNIGHT = 1_709_251_200_000L;

    @TempDir
    Path devices;

    private W1SysfsTwin twin(TwinOptions options) {
        return new W1SysfsTwin(devices.resolve("28-0316a2797aff"), options, ZoneOffset.UTC);
    }

    @Test
    void encoderReproducesThePialarmCaptureByteForByte() {
        assertEquals("73 01 4b 46 7f ff 0d 10 41 : crc=41 YES\n73 01 4b 46 7f ff 0d 10 41 t=23187\n",
                ScratchpadEncoder.w1Slave(ScratchpadEncoder.scratchpad(0x0173), ScratchpadEncoder.scratchpad(0x0173), true));
        assertEquals("50 05 4b 46 7f ff 0c 10 1c ", ScratchpadEncoder.w1Slave(ScratchpadEncoder.powerOn(),
                ScratchpadEncoder.powerOn(), true).substring(0, 27), "the LKML power-on capture");
        assertEquals(0x11, ScratchpadEncoder.crc8(new int[] {0xea, 0xff, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10}, 8));
    }

    @Test
    void driverReadsWhatTheTwinReportedAndRejectsEveryFault() throws IOException {
        W1SysfsTwin twin = twin(TwinOptions.defaults());
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);
        SensorDriverProvider provider = new Ds18b20DriverProvider();
        provider.checkPort(twin.device().toString());
        SensorDriver driver = provider.create(new SensorSpec("water", twin.device().toString(),
                SerialSettings.DEFAULT_9600_8N1), new MapDriverOptions(Map.of()));
        twin.update(MIDNIGHT);
        driver.open(DriverContext.DIRECT);

        for (int i = 0; i < 5; i++) {
            twin.update(MIDNIGHT + i * 3_600_000L);
            // At the sensor's resolution, as the gateway's RangeCheckedDriver reports it: the chip's sixteenths.
            double read = provider.resolution(Quantity.TEMPERATURE, new MapDriverOptions(Map.of())).round(driver.read().get(0).value());
            assertEquals(reported.get(reported.size() - 1).values().get(Quantity.TEMPERATURE), read);
            assertTrue(read > 15 && read < 30, "plausible water temperature: " + read);
        }

        assertCause(twin, driver, W1SysfsTwin.W1Fault.CRC_NO, ChecksumMismatchException.class);
        assertCause(twin, driver, W1SysfsTwin.W1Fault.POWER_ON, PowerOnValueException.class);
        assertCause(twin, driver, W1SysfsTwin.W1Fault.ALL_ZERO, AllZeroScratchpadException.class);

        twin.faults().set(TwinFaults.Fault.SILENT, true);
        twin.update(MIDNIGHT);
        assertTrue(assertThrows(SensorTimeoutException.class, driver::read).getMessage().contains("empty w1_slave"));
        twin.faults().set(TwinFaults.Fault.SILENT, false);

        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, true);
        twin.update(MIDNIGHT);
        double outside = driver.read().get(0).value();
        assertEquals(127.0, outside);
        assertFalse(provider.range(Quantity.TEMPERATURE, new MapDriverOptions(Map.of())).contains(outside), "the poller drops it");
        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, false);

        twin.update(MIDNIGHT + 60_000);
        double before = driver.read().get(0).value();
        twin.faults().set(TwinFaults.Fault.STUCK, true);
        for (int i = 1; i <= 3; i++) {
            twin.update(MIDNIGHT + 6 * 3_600_000L * i);
            assertEquals(before, driver.read().get(0).value(), "stuck: the same value, which quality checks flag");
        }
        twin.faults().set(TwinFaults.Fault.STUCK, false);

        twin.set(W1SysfsTwin.W1Fault.UNPLUGGED, true);
        twin.update(MIDNIGHT);
        PortLostException lost = assertThrows(PortLostException.class, driver::read);
        assertTrue(lost.getMessage().startsWith(twin.device().toString()), lost.getMessage());
        twin.set(W1SysfsTwin.W1Fault.UNPLUGGED, false);
        twin.update(MIDNIGHT + 120_000);
        driver.open(DriverContext.DIRECT);
        assertEquals(reported.get(reported.size() - 1).values().get(Quantity.TEMPERATURE), driver.read().get(0).value());
    }

    private static void assertCause(W1SysfsTwin twin, SensorDriver driver, W1SysfsTwin.W1Fault fault, Class<?> cause)
            throws IOException {
        twin.set(fault, true);
        twin.update(MIDNIGHT);
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, driver::read);
        assertInstanceOf(cause, e.getCause());
        assertTrue(e.getMessage().startsWith(twin.device().resolve("w1_slave").toString()), e.getMessage());
        twin.set(fault, false);
    }

    @Test
    void badCrcProbabilityMakesReadsTheKernelRejects() throws Exception {
        W1SysfsTwin twin = twin(TwinOptions.defaults().withFaults(0, 0.3, 0).withSeed(5));
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);
        int rejected = 0;
        for (int i = 0; i < 100; i++) {
            twin.update(MIDNIGHT + i * 60_000L);
            String text = Files.readString(twin.device().resolve("w1_slave"));
            try {
                W1SlaveDecoder.temperature(text);
            } catch (ChecksumMismatchException e) {
                rejected++;
                assertEquals("", Files.readString(twin.device().resolve("temperature")), "temperature read fails too");
            }
        }
        assertTrue(rejected > 15 && rejected < 45, "about 30 of 100: " + rejected);
        assertEquals(100 - rejected, reported.size());
    }

    @Test
    void sameSeedSameFilesOtherSeedOtherFiles() throws IOException {
        assertEquals(contents(TwinOptions.defaults().withSeed(3), "a"), contents(TwinOptions.defaults().withSeed(3), "b"));
        assertNotEquals(contents(TwinOptions.defaults().withSeed(3), "c"), contents(TwinOptions.defaults().withSeed(4), "d"));
    }

    private String contents(TwinOptions options, String folder) throws IOException {
        W1SysfsTwin twin = new W1SysfsTwin(devices.resolve(folder).resolve("28-000000000001"), options, ZoneOffset.UTC);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            twin.update(MIDNIGHT + i * 60_000L);
            all.append(Files.readString(twin.device().resolve("w1_slave")));
        }
        return all.toString();
    }
}
