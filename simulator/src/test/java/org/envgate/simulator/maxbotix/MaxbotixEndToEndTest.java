package org.envgate.simulator.maxbotix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.maxbotix.MaxbotixDriverProvider;
import org.envgate.drivers.maxbotix.NoTargetException;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOnPty;
import org.envgate.testing.MapDriverOptions;
import org.envgate.simulator.TwinOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/** The real MaxBotix driver against its twin over a pseudo-terminal pair. */
class MaxbotixEndToEndTest {

    private static final TwinOptions FAST = TwinOptions.defaults().withPeriod(Duration.ofMillis(150));

    /** As the gateway makes it: range-checked and rounded to the sensor's resolution. */
    private static SensorDriver open(TwinOnPty twin) throws Exception {
        SensorDriver driver = RangeCheckedDriver.create(new MaxbotixDriverProvider(),
                new SensorSpec("level", twin.gatewayPort(), SerialSettings.DEFAULT_9600_8N1),
                new MapDriverOptions(Map.of("mount-height", Double.toString(MaxbotixTwin.MOUNT_HEIGHT_M))));
        driver.open(DriverContext.DIRECT);
        return driver;
    }

    @Test
    void readsDistanceAndWaterLevelTheTwinSent() throws Exception {
        try (TwinOnPty twin = new TwinOnPty(new MaxbotixTwin(FAST)); SensorDriver driver = open(twin)) {
            for (int i = 0; i < 3; i++) {
                List<Measurement> values = driver.read();
                assertTrue(twin.samples().stream().anyMatch(s -> s.values().get(Quantity.DISTANCE) == values.get(0).value()
                        && s.values().get(Quantity.WATER_LEVEL) == values.get(1).value()), values.toString());
            }
        }
    }

    @Test
    void faultsGiveClearExceptionsNamingThePortAndNeverValues() throws Exception {
        try (TwinOnPty twin = new TwinOnPty(new MaxbotixTwin(FAST)); SensorDriver driver = open(twin)) {
            TwinFaults faults = twin.twin().faults();

            faults.set(TwinFaults.Fault.OUT_OF_RANGE, true);
            NoTargetException none = assertThrows(NoTargetException.class, driver::read);
            assertEquals(twin.gatewayPort() + ": R5000 is the sensor's no-target reading (no echo within range); "
                    + "no distance reported", none.getMessage());
            faults.set(TwinFaults.Fault.OUT_OF_RANGE, false);

            faults.set(TwinFaults.Fault.STUCK, true);
            driver.read();
            assertEquals(driver.read(), driver.read(), "stuck: the same value again; flagging it is the quality check's job");
            faults.set(TwinFaults.Fault.STUCK, false);

            faults.set(TwinFaults.Fault.SILENT, true);
            SensorTimeoutException silent = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(silent.getMessage().startsWith(twin.gatewayPort() + ": no range report within 2000 ms: nothing received"),
                    silent.getMessage());
            faults.set(TwinFaults.Fault.SILENT, false);

            assertEquals(2, driver.read().size(), "reports again");
        }
    }

    @Test
    void tornReportsAreNeverValues() throws Exception {
        try (TwinOnPty twin = new TwinOnPty(new MaxbotixTwin(FAST.withFaults(0, 0, 1))); SensorDriver driver = open(twin)) {
            SensorTimeoutException e = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(e.getMessage().contains("malformed reports"), e.getMessage());
            assertTrue(twin.samples().isEmpty());
        }
    }
}
