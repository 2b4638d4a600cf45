package org.envgate.drivers.sht3x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.GpioPlatforms;
import org.envgate.link.I2cDevice;
import org.envgate.link.I2cNoAnswerException;
import org.envgate.link.I2cPort;
import org.envgate.link.I2cTarget;
import org.envgate.link.MockI2cBus;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.MockPlatform;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver against a command-driven device on Pi4J's mock platform, answering as an SHT3x does. */
class Sht3xDriverTest {

    private static final SensorSpec SPEC = new SensorSpec("rh", "i2c:1:0x44", SerialSettings.DEFAULT_9600_8N1);

    /** Answers a measurement with the room-air vector's words; can corrupt a CRC or stop acknowledging. */
    private static final class Device implements I2cTarget {
        final List<String> commands = new ArrayList<>();
        boolean badCrc;
        boolean wedged;
        byte[] pending = new byte[0];

        @Override
        public void write(byte[] bytes) throws I2cNoAnswerException {
            String command = HexFormat.of().formatHex(bytes);
            if (wedged && !command.equals("30a2")) {
                throw new I2cNoAnswerException("wedged");
            }
            commands.add(command);
            switch (command) {
                case "2400" -> pending = HexFormat.of().parseHex(badCrc ? "666693800000" : "6666938000a2");
                case "f32d" -> pending = Sht3xDecoder.encode(0x8010);
                case "30a2" -> wedged = false;
                default -> throw new I2cNoAnswerException("unknown command " + command);
            }
        }

        @Override
        public byte[] read(int length) throws I2cNoAnswerException {
            if (wedged || pending.length == 0) {
                throw new I2cNoAnswerException("nothing to read");
            }
            byte[] answer = pending;
            pending = new byte[0];
            return answer;
        }
    }

    private final Context mock;
    private final DriverContext context;
    private final Device device = new Device();

    Sht3xDriverTest() throws IOException {
        mock = GpioPlatforms.context("mock");
        MockI2cBus.of(mock).attach(new I2cPort(1, 0x44), device);
        context = MockPlatform.driverContext(mock);
    }

    @AfterEach
    void shutdown() {
        mock.shutdown();
    }

    @Test
    void aSingleShotMeasurementRoundedToTheResolutions() throws IOException {
        try (RangeCheckedDriver driver = RangeCheckedDriver.create(new Sht3xDriverProvider(), SPEC, new MapDriverOptions(Map.of()))) {
            driver.open(context);
            Map<Quantity, Double> values = MockPlatform.byQuantity(driver.read());
            assertEquals(Map.of(Quantity.TEMPERATURE, 25.0, Quantity.HUMIDITY, 50.0), values);
        }
        assertEquals(List.of("2400"), device.commands);
    }

    @Test
    void aCrcMismatchIsAChecksumErrorAndResetsTheSensor() throws IOException {
        try (Sht3xDriver driver = new Sht3xDriver(SPEC)) {
            driver.open(context);
            device.badCrc = true;
            SensorTimeoutException e = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(e.getCause() instanceof ChecksumMismatchException, String.valueOf(e.getCause()));
            assertEquals("sensor rh on i2c:1:0x44: checksum mismatch: computed 0x00a2, frame says 0x0000; soft reset sent",
                    e.getMessage());
            assertEquals(1, driver.counters().checksumErrors());
            device.badCrc = false;
            driver.read();
            assertEquals(List.of("2400", "30a2", "2400"), device.commands);
        }
    }

    @Test
    void aWedgedSensorIsResetAndAnswersAtTheNextRead() throws IOException {
        try (Sht3xDriver driver = new Sht3xDriver(SPEC)) {
            driver.open(context);
            device.wedged = true;
            SensorTimeoutException e = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(e.getMessage().startsWith("sensor rh on i2c:1:0x44: no answer (i2c:1:0x44: no acknowledge on write"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("; soft reset sent"), e.getMessage());
            assertEquals(2, driver.read().size());
            assertEquals(List.of("30a2", "2400"), device.commands);
        }
    }

    @Test
    void probeReadsTheStatusWithItsCrc() throws IOException {
        try (I2cDevice at = I2cDevice.open(mock, new I2cPort(1, 0x44))) {
            assertEquals("Sensirion SHT3x at 0x44 (model sht3x), status 0x8010", new Sht3xDriverProvider().probe(at).orElseThrow());
        }
    }
}
