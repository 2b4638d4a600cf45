package org.envgate.simulator.mhz19b;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.drivers.mhz19b.Mhz19bDriver;
import org.envgate.drivers.mhz19b.Mhz19bDriverProvider;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOnPty;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/** The real MH-Z19B driver against its twin over a pseudo-terminal pair. */
class Mhz19bEndToEndTest {

    private static Mhz19bDriver open(TwinOnPty twin, Mhz19bDriver.Baseline baseline) throws Exception {
        Mhz19bDriver driver = new Mhz19bDriver(new SensorSpec("co2", twin.gatewayPort(), SerialSettings.DEFAULT_9600_8N1), baseline);
        driver.open(DriverContext.DIRECT);
        return driver;
    }

    @Test
    void readsWhatTheTwinSentAndSwitchesTheBaseline() throws Exception {
        Mhz19bTwin sensor = new Mhz19bTwin(TwinOptions.defaults());
        try (TwinOnPty twin = new TwinOnPty(sensor); Mhz19bDriver driver = open(twin, Mhz19bDriver.Baseline.OFF)) {
            for (int i = 0; i < 3; i++) {
                List<Measurement> values = driver.read();
                List<TwinSample> sent = twin.samples();
                assertEquals(sent.get(sent.size() - 1).values().get(Quantity.CO2), values.get(0).value());
            }
            assertFalse(sensor.automaticBaseline());
        }
    }

    @Test
    void faultsGiveClearExceptionsNamingThePortAndNeverValues() throws Exception {
        try (TwinOnPty twin = new TwinOnPty(new Mhz19bTwin(TwinOptions.defaults()));
             Mhz19bDriver driver = open(twin, Mhz19bDriver.Baseline.KEEP)) {
            TwinFaults faults = twin.twin().faults();

            faults.set(TwinFaults.Fault.OUT_OF_RANGE, true);
            RangeCheckedDriver checked = RangeCheckedDriver.wrap(driver, new Mhz19bDriverProvider(),
                    new SensorSpec("co2", twin.gatewayPort(), SerialSettings.DEFAULT_9600_8N1), new MapDriverOptions(Map.of()));
            SensorErrorException range = assertThrows(ValueOutOfRangeException.class, checked::read);
            assertEquals("sensor co2 on " + twin.gatewayPort() + ": co2 = 5600 ppm is outside the mhz19b's range "
                    + "(0 to 5000 ppm); the sample is not reported", range.getMessage());
            faults.set(TwinFaults.Fault.OUT_OF_RANGE, false);

            faults.set(TwinFaults.Fault.STUCK, true);
            assertEquals(driver.read(), driver.read(), "stuck: the same value again; flagging it is the quality check's job");
            faults.set(TwinFaults.Fault.STUCK, false);

            faults.set(TwinFaults.Fault.SILENT, true);
            SensorTimeoutException silent = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(silent.getMessage().startsWith(twin.gatewayPort() + ": no answer to the CO2 read within 2000 ms: "
                    + "nothing received"), silent.getMessage());
            faults.set(TwinFaults.Fault.SILENT, false);

            assertEquals(1, driver.read().size(), "answers again");
        }
    }

    @Test
    void corruptAnswersAreNeverValues() throws Exception {
        try (TwinOnPty twin = new TwinOnPty(new Mhz19bTwin(TwinOptions.defaults().withFaults(0, 1, 0)));
             Mhz19bDriver driver = open(twin, Mhz19bDriver.Baseline.KEEP)) {
            SensorTimeoutException e = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(e.getMessage().contains("9 bytes received, 1 checksum errors"), e.getMessage());
            assertTrue(twin.samples().isEmpty());
        }
    }
}
