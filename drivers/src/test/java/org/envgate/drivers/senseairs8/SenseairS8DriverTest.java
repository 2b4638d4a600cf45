package org.envgate.drivers.senseairs8;

import static org.envgate.drivers.modbus.ModbusVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.drivers.ValueRange;
import org.envgate.drivers.modbus.ModbusCrc;
import org.envgate.drivers.modbus.ModbusExceptionResponse;
import org.envgate.drivers.modbus.RtuMaster;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.ScriptedLink;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class SenseairS8DriverTest {

    private static final byte[] READ_STATUS = hex("fe 04 00 00 00 01 25 c5");
    private static final byte[] READ_CO2 = hex("fe 04 00 03 00 01 d5 c5");
    private static final byte[] STATUS_OK = VectorFile.load("vectors/senseair-s8/meter-status-ok.vec").bytes();
    private static final byte[] CO2_400 = VectorFile.load("vectors/senseair-s8/manual-read-co2.vec").bytes();
    private static final SensorSpec SPEC = new SensorSpec("co2", "/dev/ttyTEST0", SerialSettings.DEFAULT_9600_8N1);

    private final ScriptedLink link = new ScriptedLink();
    private final SenseairS8Driver driver = new SenseairS8Driver(SPEC, 0xFE,
            new RtuMaster(SerialSettings.DEFAULT_9600_8N1, Duration.ofMillis(500), link::nanoTime, nanos -> { }));

    @Test
    void readsTheMeterStatusThenTheSpaceCo2ByteExact() throws Exception {
        link.answer(READ_STATUS, STATUS_OK).answer(READ_CO2, CO2_400);

        assertEquals(List.of(new Measurement(Quantity.CO2, 400)), driver.read(link));

        assertEquals(2, link.writes().size());
        assertArrayEquals(READ_STATUS, link.writes().get(0));
        assertArrayEquals(READ_CO2, link.writes().get(1));
    }

    @Test
    void aMeterStatusFaultIsReportedByNameAndNoCo2IsRead() {
        link.answer(READ_STATUS, VectorFile.load("vectors/senseair-s8/meter-status-fatal-and-memory.vec").bytes());

        S8StatusException e = assertThrows(S8StatusException.class, () -> driver.read(link));

        assertEquals("/dev/ttyTEST0: S8 (any address) reports meter status 0x0041: fatal error, memory error", e.getMessage());
        assertEquals(0x41, e.status());
        assertEquals(1, link.writes().size());
    }

    @Test
    void aCo2OutsideTheRangeIsNeverReported() {
        link.answer(READ_STATUS, STATUS_OK).answer(READ_CO2, ModbusCrc.append(hex("fe 04 02 ff ff")));

        RangeCheckedDriver checked = RangeCheckedDriver.wrap(driver, new SenseairS8DriverProvider(), SPEC,
                new MapDriverOptions(Map.of()));

        ValueOutOfRangeException e = assertThrows(ValueOutOfRangeException.class, () -> checked.check(driver.read(link)));

        assertEquals("sensor co2 on /dev/ttyTEST0: co2 = 65535 ppm is outside the senseair-s8's range (0 to 10000 ppm); "
                + "the sample is not reported", e.getMessage());
    }

    @Test
    void silenceTimesOutNamingThePort() {
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, () -> driver.read(link));

        assertEquals("/dev/ttyTEST0: slave 0xfe (any address): read input registers 0x0000 (1): no answer within "
                + "500 ms; check the slave address, A/B wiring, baud rate and power", e.getMessage());
    }

    @Test
    void anExceptionResponseIsNamed() {
        link.answer(READ_STATUS, STATUS_OK)
                .answer(READ_CO2, VectorFile.load("vectors/senseair-s8/exception-illegal-data-address.vec").bytes());

        ModbusExceptionResponse e = assertThrows(ModbusExceptionResponse.class, () -> driver.read(link));

        assertEquals(2, e.code());
    }

    @Test
    void providerDefaultsAndAddressOption() {
        var provider = DriverRegistry.load().find("senseair-s8").orElseThrow();
        assertEquals(SerialSettings.DEFAULT_9600_8N1, provider.defaultSerialSettings());
        assertEquals(new ValueRange(0, 10000), provider.range(Quantity.CO2, new MapDriverOptions(Map.of())));
        assertEquals(0xFE, ((SenseairS8Driver) provider.create(SPEC, new MapDriverOptions(Map.of()))).slave());
        assertEquals(104, ((SenseairS8Driver) provider.create(SPEC, new MapDriverOptions(Map.of("address", "104")))).slave());
        assertEquals("address", assertThrows(OptionException.class,
                () -> provider.create(SPEC, new MapDriverOptions(Map.of("address", "0")))).key());
    }
}
