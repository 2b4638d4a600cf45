package org.envgate.simulator.bme280;

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
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.drivers.bme280.Bme280DriverProvider;
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

/** The BME280 twin on Pi4J's mock I2C, read by the real driver with its range checks. */
class Bme280TwinTest {

    private static final SensorSpec SPEC = new SensorSpec("air", "i2c:1:0x76", SerialSettings.DEFAULT_9600_8N1);
    /** 14:00 UTC: the warmest hour of the twin's day. */
    private static final Clock AFTERNOON = Clock.fixed(Instant.parse("2026-03-01T14:00:00Z"), ZoneOffset.UTC);

    private Context mock;
    private DriverContext context;
    private Bme280Twin twin;
    private final List<TwinSample> sent = new ArrayList<>();
    private RangeCheckedDriver driver;

    @BeforeEach
    void attach() throws IOException {
        mock = GpioPlatforms.context("mock");
        context = MockPlatform.driverContext(mock);
        twin = new Bme280Twin(TwinOptions.defaults().withSeed(7), ZoneOffset.UTC, AFTERNOON);
        twin.addListener(sent::add);
        twin.attach(mock, new I2cPort(1, 0x76));
        driver = RangeCheckedDriver.create(new Bme280DriverProvider(), SPEC, new MapDriverOptions(Map.of()));
        driver.open(context);
    }

    @AfterEach
    void shutdown() {
        driver.close();
        mock.shutdown();
    }

    @Test
    void theDriverReadsWhatTheTwinConverted() throws IOException {
        for (int i = 0; i < 3; i++) {
            Map<Quantity, Double> read = MockPlatform.byQuantity(driver.read());
            assertEquals(sent.get(i).values(), read);
            assertEquals(31, read.get(Quantity.TEMPERATURE), 0.5, "afternoon air");
            assertEquals(1008, read.get(Quantity.PRESSURE), 1.5);
            assertEquals(60, read.get(Quantity.HUMIDITY), 2);
        }
        assertEquals(3, sent.size());
    }

    @Test
    void aSilentChipIsATimeoutAndAWedgedOneIsResetAndAnswersAgain() throws IOException {
        twin.faults().set(TwinFaults.Fault.SILENT, true);
        assertThrows(SensorTimeoutException.class, driver::read);
        twin.faults().set(TwinFaults.Fault.SILENT, false);
        twin.faults().set(TwinFaults.Fault.STUCK, true);
        SensorTimeoutException wedged = assertThrows(SensorTimeoutException.class, driver::read);
        assertTrue(wedged.getMessage().endsWith("the chip was reset"), wedged.getMessage());
        assertEquals(3, driver.read().size(), "the reset cleared it");
        assertEquals(1, sent.size());
    }

    @Test
    void outOfRangeAirIsASensorError() {
        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, true);
        ValueOutOfRangeException e = assertThrows(ValueOutOfRangeException.class, driver::read);
        assertEquals(Quantity.TEMPERATURE, e.quantity());
        assertEquals(100, e.value(), 0.01);
    }
}
