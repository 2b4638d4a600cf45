package org.envgate.drivers.mhz19b;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.drivers.ValueRange;
import org.envgate.link.SerialSettings;
import org.envgate.testing.Hex;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.ScriptedLink;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class Mhz19bDriverTest {

    /** 608 ppm, the manual's example. */
    private static final byte[] DATASHEET = Hex.bytes("ff 86 02 60 47 00 00 00 d1");
    /** 636 ppm, from PyPMS's capture. */
    private static final byte[] CAPTURED = Hex.bytes("ff 86 02 7c 42 00 00 00 ba");

    private static final SensorSpec SPEC = new SensorSpec("co2", "/dev/ttyTEST0", SerialSettings.DEFAULT_9600_8N1);

    private final ScriptedLink link = new ScriptedLink();

    private Mhz19bDriver driver(Mhz19bDriver.Baseline baseline) {
        return new Mhz19bDriver(SPEC, baseline, link::nanoTime);
    }

    @Test
    void commandsAndChecksumMatchTheManual() throws Exception {
        assertArrayEquals(Hex.bytes("ff 01 86 00 00 00 00 00 79"), Mhz19bCommands.readCo2());
        assertArrayEquals(Hex.bytes("ff 01 79 a0 00 00 00 00 e6"), Mhz19bCommands.automaticBaselineOn());
        assertArrayEquals(Hex.bytes("ff 01 79 00 00 00 00 00 86"), Mhz19bCommands.automaticBaselineOff());
        assertEquals(new Mhz19bReading(608), Mhz19bReading.decode(DATASHEET));
        byte[] corrupt = DATASHEET.clone();
        corrupt[8] = 0x00;
        assertEquals("checksum mismatch: computed 0x00d1, frame says 0x0000",
                assertThrows(ChecksumMismatchException.class, () -> Mhz19bReading.decode(corrupt)).getMessage());
    }

    @Test
    void readSendsTheReadCommandAndDecodesTheAnswerInPpm() throws Exception {
        link.arrived(DATASHEET).answer(Mhz19bCommands.readCo2(), CAPTURED);

        List<Measurement> values = driver(Mhz19bDriver.Baseline.KEEP).read(link);

        assertEquals(List.of(new Measurement(Quantity.CO2, 636)), values, "the stale answer was discarded");
        assertEquals(1, link.writes().size());
        assertArrayEquals(Hex.bytes("ff 01 86 00 00 00 00 00 79"), link.writes().get(0));
    }

    @Test
    void anAnswerSplitOverReadsIsJoined() throws Exception {
        link.answer(Mhz19bCommands.readCo2(), Arrays.copyOfRange(DATASHEET, 0, 4))
                .answer(Mhz19bCommands.readCo2(), Arrays.copyOfRange(DATASHEET, 4, 9));

        assertEquals(608, driver(Mhz19bDriver.Baseline.KEEP).read(link).get(0).value());
    }

    @Test
    void startSwitchesAutomaticBaselineOnlyWhenConfigured() throws Exception {
        driver(Mhz19bDriver.Baseline.KEEP).start(link);
        assertTrue(link.writes().isEmpty());
        driver(Mhz19bDriver.Baseline.OFF).start(link);
        driver(Mhz19bDriver.Baseline.ON).start(link);
        assertArrayEquals(Mhz19bCommands.automaticBaselineOff(), link.writes().get(0));
        assertArrayEquals(Mhz19bCommands.automaticBaselineOn(), link.writes().get(1));
    }

    @Test
    void silenceTimesOutNamingThePort() {
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class,
                () -> driver(Mhz19bDriver.Baseline.KEEP).read(link));

        assertEquals("/dev/ttyTEST0: no answer to the CO2 read within 2000 ms: nothing received; check 5 V power "
                + "and wiring (sensor TX to gateway RX, gateway TX to sensor RX)", e.getMessage());
    }

    @Test
    void aCorruptAnswerTimesOutCountingTheChecksumError() {
        byte[] corrupt = CAPTURED.clone();
        corrupt[3] ^= 0x01;
        link.answer(Mhz19bCommands.readCo2(), corrupt);
        Mhz19bDriver driver = driver(Mhz19bDriver.Baseline.KEEP);

        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, () -> driver.read(link));

        assertEquals("/dev/ttyTEST0: no answer to the CO2 read within 2000 ms: 9 bytes received, 1 checksum errors; "
                + "check wiring/baud (9600 8N1)", e.getMessage());
        assertEquals(new FrameCounters(0, 1, 0), driver.counters());
    }

    @Test
    void aValueBeyondTheRangeIsASensorErrorNeverAReading() {
        byte[] beyond = Hex.bytes("ff 86 13 88 42 00 00 00 00"); // 0x1388 = 5000 ppm: still in range
        beyond[3] = (byte) 0x89; // 5001 ppm
        beyond[8] = (byte) Mhz19bCommands.checksum(beyond, 0);
        link.answer(Mhz19bCommands.readCo2(), beyond);

        Mhz19bDriver driver = driver(Mhz19bDriver.Baseline.KEEP);
        RangeCheckedDriver checked = RangeCheckedDriver.wrap(driver, new Mhz19bDriverProvider(), SPEC,
                new MapDriverOptions(Map.of()));

        SensorErrorException e = assertThrows(ValueOutOfRangeException.class, () -> checked.check(driver.read(link)));

        assertEquals("sensor co2 on /dev/ttyTEST0: co2 = 5001 ppm is outside the mhz19b's range (0 to 5000 ppm); "
                + "the sample is not reported", e.getMessage());
    }

    @Test
    void providerHasTheDatasheetDefaultsAndTheBaselineOption() {
        SensorDriverProvider provider = DriverRegistry.load().find("mhz19b").orElseThrow();
        assertEquals(SerialSettings.DEFAULT_9600_8N1, provider.defaultSerialSettings());
        assertEquals(java.time.Duration.ofMinutes(3), provider.defaultWarmUp());
        assertEquals(Set.of(Quantity.CO2), provider.quantities());
        assertEquals(new ValueRange(0, 5000), provider.range(Quantity.CO2, new MapDriverOptions(Map.of())));
        assertEquals(Set.of("automatic-baseline"), provider.optionKeys());
        SensorSpec spec = new SensorSpec("co2", "/dev/ttyAMA0", SerialSettings.DEFAULT_9600_8N1);
        assertEquals(Mhz19bDriver.Baseline.KEEP, ((Mhz19bDriver) provider.create(spec, new MapDriverOptions(Map.of()))).baseline());
        assertEquals(Mhz19bDriver.Baseline.OFF, ((Mhz19bDriver) provider.create(spec,
                new MapDriverOptions(Map.of("automatic-baseline", "off")))).baseline());
        assertEquals("automatic-baseline", assertThrows(OptionException.class, () -> provider.create(spec,
                new MapDriverOptions(Map.of("automatic-baseline", "false")))).key());
    }
}
