package org.envgate.drivers.senseairs8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.modbus.ModbusRequest;
import org.envgate.drivers.modbus.RtuMaster;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.ScriptedLink;
import org.envgate.wire.Quantity;

/**
 * Any bytes as the S8's answers to the meter status and CO2 reads, through the range check every
 * driver gets: one CO2 value within the sensor's range, or a sensor fault (timeout, refusal,
 * status flags, value out of range).
 */
class SenseairS8FuzzTest {

    private static final SensorSpec SPEC = new SensorSpec("co2", "/dev/ttyTEST0", SerialSettings.DEFAULT_9600_8N1);

    @FuzzTest
    void read(FuzzedDataProvider data) {
        int slave = data.consumeBoolean() ? ModbusRequest.ANY_ADDRESS : data.consumeInt(1, 247);
        ScriptedLink link = new ScriptedLink();
        int chunks = data.consumeInt(1, 6);
        for (int i = 1; i < chunks; i++) {
            link.arriveLater(data.consumeBytes(data.consumeInt(0, 16)));
        }
        link.arriveLater(data.consumeRemainingAsBytes());
        SenseairS8Driver driver = new SenseairS8Driver(SPEC, slave,
                new RtuMaster(SerialSettings.DEFAULT_9600_8N1, Duration.ofMillis(200), link::nanoTime, nanos -> { }));
        try {
            List<Measurement> values = RangeCheckedDriver.wrap(driver, new SenseairS8DriverProvider(), SPEC,
                    new MapDriverOptions(Map.of())).check(driver.read(link));
            assertEquals(1, values.size());
            assertEquals(Quantity.CO2, values.get(0).quantity());
            assertTrue(SenseairS8DriverProvider.CO2_RANGE.contains(values.get(0).value()), values.toString());
        } catch (SensorTimeoutException | SensorErrorException expected) {
            // The driver reports the fault; the poller counts it.
        } catch (IOException e) {
            throw new AssertionError("undocumented exception from the S8 driver", e);
        }
    }
}
