package org.envgate.simulator.sds011;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.drivers.sds011.Sds011Driver;
import org.envgate.drivers.sds011.Sds011DriverProvider;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOnPty;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/** The real SDS011 driver against its twin over a pseudo-terminal pair. */
class Sds011EndToEndTest {

    private static final TwinOptions FAST = TwinOptions.defaults().withPeriod(Duration.ofMillis(200));

    private static Sds011Driver open(TwinOnPty twin, Sds011Driver.Settings settings) throws Exception {
        Sds011Driver driver = new Sds011Driver(new SensorSpec("pm", twin.gatewayPort(), SerialSettings.DEFAULT_9600_8N1), settings);
        driver.open(DriverContext.DIRECT);
        return driver;
    }

    private static void assertSent(List<Measurement> values, TwinSample sample) {
        assertEquals(sample.values().get(Quantity.PM2_5), values.get(0).value());
        assertEquals(sample.values().get(Quantity.PM10), values.get(1).value());
    }

    @Test
    void queryModeReadsWhatTheTwinSent() throws Exception {
        try (TwinOnPty twin = new TwinOnPty(new Sds011Twin(FAST)); Sds011Driver driver = open(twin, Sds011Driver.Settings.DEFAULT)) {
            for (int i = 0; i < 3; i++) {
                List<Measurement> values = driver.read();
                List<TwinSample> sent = twin.samples();
                assertSent(values, sent.get(sent.size() - 1));
            }
        }
    }

    @Test
    void activeModeReadsOneOfTheFramesTheTwinSent() throws Exception {
        Sds011Driver.Settings active = new Sds011Driver.Settings(Sds011Driver.Mode.ACTIVE, 0, false, Duration.ZERO);
        try (TwinOnPty twin = new TwinOnPty(new Sds011Twin(FAST)); Sds011Driver driver = open(twin, active)) {
            for (int i = 0; i < 3; i++) {
                List<Measurement> values = driver.read();
                assertTrue(twin.samples().stream().anyMatch(s -> s.values().get(Quantity.PM2_5) == values.get(0).value()
                        && s.values().get(Quantity.PM10) == values.get(1).value()), values.toString());
            }
        }
    }

    @Test
    void sleepBetweenReadsWakesTheTwinForEachRead() throws Exception {
        Sds011Driver.Settings sleepy = new Sds011Driver.Settings(Sds011Driver.Mode.QUERY, 0, true, Duration.ofMillis(300));
        try (TwinOnPty twin = new TwinOnPty(new Sds011Twin(FAST)); Sds011Driver driver = open(twin, sleepy)) {
            for (int i = 0; i < 2; i++) {
                List<Measurement> values = driver.read();
                assertSent(values, twin.samples().get(twin.samples().size() - 1));
            }
        }
    }

    @Test
    void faultsGiveClearExceptionsNamingThePortAndNeverValues() throws Exception {
        try (TwinOnPty twin = new TwinOnPty(new Sds011Twin(FAST)); Sds011Driver driver = open(twin, Sds011Driver.Settings.DEFAULT)) {
            TwinFaults faults = twin.twin().faults();

            faults.set(TwinFaults.Fault.OUT_OF_RANGE, true);
            RangeCheckedDriver checked = RangeCheckedDriver.wrap(driver, new Sds011DriverProvider(),
                    new SensorSpec("pm", twin.gatewayPort(), SerialSettings.DEFAULT_9600_8N1), new MapDriverOptions(Map.of()));
            SensorErrorException range = assertThrows(ValueOutOfRangeException.class, checked::read);
            assertTrue(range.getMessage().startsWith("sensor pm on " + twin.gatewayPort() + ": pm2_5 = 1200 ug/m3 is outside "
                    + "the sds011's range (0 to 999.9 ug/m3)"), range.getMessage());
            faults.set(TwinFaults.Fault.OUT_OF_RANGE, false);

            faults.set(TwinFaults.Fault.STUCK, true);
            List<Measurement> first = driver.read();
            assertEquals(first, driver.read(), "stuck: the same values again; flagging them is the quality check's job");
            faults.set(TwinFaults.Fault.STUCK, false);

            faults.set(TwinFaults.Fault.SILENT, true);
            SensorTimeoutException silent = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(silent.getMessage().startsWith(twin.gatewayPort() + ": no data frame in answer to a query"),
                    silent.getMessage());
            faults.set(TwinFaults.Fault.SILENT, false);

            assertEquals(2, driver.read().size(), "answers again");
        }
    }

    @Test
    void corruptFramesAreNeverValues() throws Exception {
        try (TwinOnPty twin = new TwinOnPty(new Sds011Twin(FAST.withFaults(0, 1, 0)));
             Sds011Driver driver = open(twin, Sds011Driver.Settings.DEFAULT)) {
            SensorTimeoutException e = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(e.getMessage().contains("1 checksum errors"), e.getMessage());
            assertTrue(twin.samples().isEmpty());
        }
    }
}
