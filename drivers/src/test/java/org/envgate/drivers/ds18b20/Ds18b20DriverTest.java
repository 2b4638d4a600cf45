package org.envgate.drivers.ds18b20;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueRange;
import org.envgate.link.PortLostException;
import org.envgate.link.PortNotFoundException;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against a fake sysfs tree. */
class Ds18b20DriverTest {

    private static final String GOOD = "73 01 4b 46 7f ff 0d 10 41 : crc=41 YES\n73 01 4b 46 7f ff 0d 10 41 t=23187\n";

    @TempDir
    Path sysfs;
    private Path device;
    private Ds18b20Driver driver;

    @BeforeEach
    void device() throws IOException {
        device = Files.createDirectories(sysfs.resolve("bus/w1/devices/28-0316a2797aff"));
        driver = new Ds18b20Driver(new SensorSpec("water-temp", device.toString(), SerialSettings.DEFAULT_9600_8N1));
    }

    private void slave(String text) throws IOException {
        Files.writeString(device.resolve("w1_slave"), text);
    }

    @Test
    void readsTheTemperatureEveryTimeTheFileIsRead() throws IOException {
        slave(GOOD);
        driver.open(DriverContext.DIRECT);
        assertEquals(List.of(new Measurement(Quantity.TEMPERATURE, 23.187)), driver.read());
        slave(GOOD.replace("t=23187", "t=23250"));
        assertEquals(23.25, driver.read().get(0).value());
        assertEquals(new FrameCounters(2, 0, 0), driver.counters());
    }

    @Test
    void openFailsClearlyWhenTheDeviceFolderIsMissing() {
        Ds18b20Driver absent = new Ds18b20Driver(new SensorSpec("t", sysfs.resolve("28-000000000000").toString(),
                SerialSettings.DEFAULT_9600_8N1));
        PortNotFoundException e = assertThrows(PortNotFoundException.class, () -> absent.open(DriverContext.DIRECT));
        assertTrue(e.getMessage().startsWith(sysfs.resolve("28-000000000000") + ": no such 1-wire device"), e.getMessage());
    }

    @Test
    void aDeviceThatDisappearsIsAPortLostNamingThePath() throws IOException {
        slave(GOOD);
        driver.open(DriverContext.DIRECT);
        Files.delete(device.resolve("w1_slave"));
        Files.delete(device);
        PortLostException e = assertThrows(PortLostException.class, driver::read);
        assertTrue(e.getMessage().startsWith(device + ": device gone from the 1-wire bus"), e.getMessage());
        assertThrows(PortNotFoundException.class, () -> driver.open(DriverContext.DIRECT));
    }

    @Test
    void rejectedReadsAreCountedAndNeverReported() throws IOException {
        driver.open(DriverContext.DIRECT);
        slave(GOOD.replace("YES", "NO"));
        SensorTimeoutException crc = assertThrows(SensorTimeoutException.class, driver::read);
        assertInstanceOf(ChecksumMismatchException.class, crc.getCause());
        assertTrue(crc.getMessage().startsWith(device.resolve("w1_slave") + ": kernel reports a CRC error"), crc.getMessage());

        slave("50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n50 05 4b 46 7f ff 0c 10 1c t=85000\n");
        assertInstanceOf(PowerOnValueException.class, assertThrows(SensorTimeoutException.class, driver::read).getCause());
        slave("00 00 00 00 00 00 00 00 00 : crc=00 YES\n00 00 00 00 00 00 00 00 00 t=0\n");
        assertInstanceOf(AllZeroScratchpadException.class, assertThrows(SensorTimeoutException.class, driver::read).getCause());
        slave("");
        SensorTimeoutException empty = assertThrows(SensorTimeoutException.class, driver::read);
        assertTrue(empty.getMessage().contains("empty w1_slave"), empty.getMessage());

        slave(GOOD);
        assertEquals(23.187, driver.read().get(0).value());
        assertEquals(new FrameCounters(1, 1, 3), driver.counters());
    }

    @Test
    void readBeforeOpenNamesThePort() {
        IOException e = assertThrows(IOException.class, driver::read);
        assertEquals(device + ": not open", e.getMessage());
    }

    @Test
    void providerAcceptsOnlyDs18b20DeviceFolders() {
        SensorDriverProvider provider = DriverRegistry.load().find("ds18b20").orElseThrow();
        provider.checkPort("/sys/bus/w1/devices/28-0316a2797aff");
        provider.checkPort("/sys/bus/w1/devices/28-0316a2797aff/");
        for (String bad : List.of("28-0316a2797aff", "/sys/bus/w1/devices/10-000802b4a3f1", "/sys/bus/w1/devices/28-0316A2797AFF",
                "/sys/bus/w1/devices/28-0316a2797af", "/dev/ttyAMA0", "tcp://host:4001", "/sys/bus/w1/devices/28-0316a2797aff/w1_slave")) {
            OptionException e = assertThrows(OptionException.class, () -> provider.checkPort(bad), bad);
            assertEquals("port", e.key());
        }
        assertEquals(java.util.Set.of(Quantity.TEMPERATURE), provider.quantities());
        assertEquals(new ValueRange(-55, 125), provider.range(Quantity.TEMPERATURE, new MapDriverOptions(Map.of())));
        assertEquals(java.util.Set.of(), provider.optionKeys());
        assertInstanceOf(Ds18b20Driver.class, provider.create(
                new SensorSpec("t", "/sys/bus/w1/devices/28-0316a2797aff", SerialSettings.DEFAULT_9600_8N1), new MapDriverOptions(Map.of())));
    }
}
