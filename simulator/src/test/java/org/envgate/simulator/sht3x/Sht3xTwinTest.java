package org.envgate.simulator.sht3x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.drivers.sht3x.Sht3xDriverProvider;
import org.envgate.link.GpioPlatforms;
import org.envgate.link.I2cPort;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.MockPlatform;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SHT3x twin on Pi4J's mock I2C, read by the real driver with its range checks. */
class Sht3xTwinTest {

    private static final SensorSpec SPEC = new SensorSpec("rh", "i2c:1:0x45", SerialSettings.DEFAULT_9600_8N1);
    /** 02:00 UTC: the coolest, dampest hour of the twin's day. */
    private static final Clock NIGHT = Clock.fixed(Instant.parse("2026-03-01T02:00:00Z"), ZoneOffset.UTC);

    private Context mock;
    private Sht3xTwin twin;
    private final List<TwinSample> sent = new ArrayList<>();
    private RangeCheckedDriver driver;

    @BeforeEach
    void attach() throws IOException {
        mock = GpioPlatforms.context("mock");
        twin = new Sht3xTwin(TwinOptions.defaults().withSeed(3), ZoneOffset.UTC, NIGHT);
        twin.addListener(sent::add);
        twin.attach(mock, new I2cPort(1, 0x45));
        driver = RangeCheckedDriver.create(new Sht3xDriverProvider(), SPEC, new MapDriverOptions(Map.of()));
        driver.open(MockPlatform.driverContext(mock));
    }

    @AfterEach
    void shutdown() {
        driver.close();
        mock.shutdown();
    }

    @Test
    void theDriverReadsWhatTheTwinMeasured() throws IOException {
        for (int i = 0; i < 3; i++) {
            Map<Quantity, Double> read = MockPlatform.byQuantity(driver.read());
            assertEquals(sent.get(i).values(), read);
            assertEquals(25, read.get(Quantity.TEMPERATURE), 0.5, "night air");
            assertEquals(90, read.get(Quantity.HUMIDITY), 2);
        }
    }

    @Test
    void aBadCrcIsACountedChecksumErrorAndNothingIsSent() throws IOException {
        twin.faults().set(TwinFaults.Fault.BAD_CHECKSUM, true);
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, driver::read);
        assertTrue(e.getCause() instanceof ChecksumMismatchException, String.valueOf(e.getCause()));
        assertEquals(1, driver.counters().checksumErrors());
        assertEquals(0, sent.size());
        twin.faults().set(TwinFaults.Fault.BAD_CHECKSUM, false);
        assertEquals(2, driver.read().size());
        assertEquals(1, sent.size());
    }

    @Test
    void aStuckSensorIsResetByTheDriverAndAnswersAtTheNextRead() throws IOException {
        twin.faults().set(TwinFaults.Fault.STUCK, true);
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, driver::read);
        assertTrue(e.getMessage().endsWith("soft reset sent"), e.getMessage());
        assertEquals(0, sent.size());
        assertEquals(2, driver.read().size());
        assertEquals(1, sent.size());
    }

    @Test
    void silenceIsATimeoutAndOutOfRangeASensorError() throws IOException {
        twin.faults().set(TwinFaults.Fault.SILENT, true);
        assertThrows(SensorTimeoutException.class, driver::read);
        twin.faults().set(TwinFaults.Fault.SILENT, false);
        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, true);
        ValueOutOfRangeException e = assertThrows(ValueOutOfRangeException.class, driver::read);
        assertEquals(130, e.value(), 0.001);
    }
}
