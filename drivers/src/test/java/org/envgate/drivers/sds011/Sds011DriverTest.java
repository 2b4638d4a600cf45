package org.envgate.drivers.sds011;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.link.SerialSettings;
import org.envgate.testing.Hex;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.ScriptedLink;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class Sds011DriverTest {

    /** PM2.5 123.6, PM10 261.8. */
    private static final byte[] DATASHEET = VectorFile.load("vectors/sds011/datasheet-query-answer.vec").bytes();
    /** PM2.5 0.6, PM10 0.6. */
    private static final byte[] CAPTURED = Hex.bytes("aa c0 06 00 06 00 58 d9 3d ab");

    private static final SensorSpec SPEC = new SensorSpec("pm", "/dev/ttyTEST0", SerialSettings.DEFAULT_9600_8N1);

    private final ScriptedLink link = new ScriptedLink();

    private Sds011Driver driver(Sds011Driver.Settings settings) {
        return new Sds011Driver(SPEC, settings, link::nanoTime);
    }

    /** The sensor's reply to a set command, as sensor A160 sends it. */
    static byte[] reply(int command, int value) {
        byte[] reply = Hex.bytes("aa c5 00 01 00 00 a1 60 00 ab");
        reply[2] = (byte) command;
        reply[4] = (byte) value;
        reply[8] = (byte) Sds011Message.checksum(reply, 2, 8);
        return reply;
    }

    private void answerEverySetting() {
        link.answer(Sds011Commands.work(), reply(0x06, 1))
                .answer(Sds011Commands.sleep(), reply(0x06, 0))
                .answer(Sds011Commands.workingPeriod(0), reply(0x08, 0))
                .answer(Sds011Commands.workingPeriod(5), reply(0x08, 5))
                .answer(Sds011Commands.queryMode(), reply(0x02, 1))
                .answer(Sds011Commands.activeMode(), reply(0x02, 0));
    }

    @Test
    void commandsMatchTheDatasheet() {
        assertArrayEquals(Hex.bytes("aa b4 02 01 01 00 00 00 00 00 00 00 00 00 00 ff ff 02 ab"), Sds011Commands.queryMode());
        assertArrayEquals(Hex.bytes("aa b4 02 01 00 00 00 00 00 00 00 00 00 00 00 ff ff 01 ab"), Sds011Commands.activeMode());
        assertArrayEquals(Hex.bytes("aa b4 04 00 00 00 00 00 00 00 00 00 00 00 00 ff ff 02 ab"), Sds011Commands.queryData());
        assertArrayEquals(Hex.bytes("aa b4 06 01 00 00 00 00 00 00 00 00 00 00 00 ff ff 05 ab"), Sds011Commands.sleep());
        assertArrayEquals(Hex.bytes("aa b4 06 01 01 00 00 00 00 00 00 00 00 00 00 ff ff 06 ab"), Sds011Commands.work());
        assertArrayEquals(Hex.bytes("aa b4 08 01 01 00 00 00 00 00 00 00 00 00 00 ff ff 08 ab"), Sds011Commands.workingPeriod(1));
        assertArrayEquals(Hex.bytes("aa c5 06 01 00 00 a1 60 08 ab"), reply(0x06, 0), "the datasheet's sleep reply");
    }

    @Test
    void startWakesSetsContinuousWorkAndQueryModeEachConfirmed() throws Exception {
        answerEverySetting();

        driver(Sds011Driver.Settings.DEFAULT).start(link);

        assertEquals(3, link.writes().size());
        assertArrayEquals(Sds011Commands.work(), link.writes().get(0));
        assertArrayEquals(Sds011Commands.workingPeriod(0), link.writes().get(1));
        assertArrayEquals(Sds011Commands.queryMode(), link.writes().get(2));
    }

    @Test
    void startWithoutAReplyNamesThePortAndTheCommand() {
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class,
                () -> driver(Sds011Driver.Settings.DEFAULT).start(link));

        assertEquals("/dev/ttyTEST0: no reply to 'work' within 2000 ms: nothing received; check 5 V power "
                + "(the fan should run) and wiring (sensor TX to gateway RX, gateway TX to sensor RX)", e.getMessage());
    }

    @Test
    void aReplyWithAnotherValueIsASensorError() {
        link.answer(Sds011Commands.work(), reply(0x06, 0));

        SensorErrorException e = assertThrows(SensorErrorException.class,
                () -> driver(Sds011Driver.Settings.DEFAULT).start(link));

        assertEquals("/dev/ttyTEST0: the sensor answered 'work' with value 0, expected 1", e.getMessage());
    }

    @Test
    void queryModeAsksAndDecodesTheAnswerInMicrogramsPerCubicMetre() throws Exception {
        link.arrived(CAPTURED).answer(Sds011Commands.queryData(), DATASHEET);

        List<Measurement> values = driver(Sds011Driver.Settings.DEFAULT).read(link);

        assertArrayEquals(Sds011Commands.queryData(), link.writes().get(0));
        assertEquals(List.of(new Measurement(Quantity.PM2_5, 123.6), new Measurement(Quantity.PM10, 261.8)), values);
    }

    @Test
    void activeModeDiscardsStaleInputAndTakesTheNextFrame() throws Exception {
        link.arrived(DATASHEET).arriveLater(java.util.Arrays.copyOfRange(CAPTURED, 0, 4))
                .arriveLater(java.util.Arrays.copyOfRange(CAPTURED, 4, 10));

        List<Measurement> values = driver(new Sds011Driver.Settings(Sds011Driver.Mode.ACTIVE, 0, false, Duration.ZERO))
                .read(link);

        assertEquals(0.6, values.get(0).value());
        assertTrue(link.writes().isEmpty(), "active mode only listens");
    }

    @Test
    void workingPeriodTakesTheNewestFrameReceivedSinceTheLastRead() throws Exception {
        answerEverySetting();
        Sds011Driver driver = driver(new Sds011Driver.Settings(Sds011Driver.Mode.ACTIVE, 5, false, Duration.ZERO));
        driver.start(link);
        link.arrived(CAPTURED).arrived(DATASHEET);

        List<Measurement> values = driver.read(link);

        assertArrayEquals(Sds011Commands.workingPeriod(5), link.writes().get(1));
        assertArrayEquals(Sds011Commands.activeMode(), link.writes().get(2));
        assertEquals(123.6, values.get(0).value());
        assertEquals(2, driver.counters().good());
    }

    @Test
    void workingPeriodWithNothingSinceTheLastReadSaysWhy() throws Exception {
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class,
                () -> driver(new Sds011Driver.Settings(Sds011Driver.Mode.ACTIVE, 5, false, Duration.ZERO)).read(link));

        assertTrue(e.getMessage().startsWith("/dev/ttyTEST0: no data frame since the last read (working period 5 min"),
                e.getMessage());
    }

    @Test
    void sleepBetweenReadsWakesWaitsOutTheWarmUpReadsAndSleepsAgain() throws Exception {
        answerEverySetting();
        link.answer(Sds011Commands.queryData(), DATASHEET);
        Sds011Driver driver = driver(new Sds011Driver.Settings(Sds011Driver.Mode.QUERY, 0, true, Duration.ofSeconds(30)));
        driver.start(link);
        assertArrayEquals(Sds011Commands.sleep(), link.writes().get(3), "start leaves the sensor asleep");
        link.writes().clear();

        long before = link.nanoTime();
        List<Measurement> values = driver.read(link);

        assertEquals(123.6, values.get(0).value());
        assertTrue(link.nanoTime() - before >= Duration.ofSeconds(30).toNanos(), "waited out the warm-up");
        assertEquals(3, link.writes().size());
        assertArrayEquals(Sds011Commands.work(), link.writes().get(0));
        assertArrayEquals(Sds011Commands.queryData(), link.writes().get(1));
        assertArrayEquals(Sds011Commands.sleep(), link.writes().get(2));
    }

    @Test
    void sleepBetweenReadsSendsTheSensorToSleepEvenWhenTheReadFails() {
        link.answer(Sds011Commands.work(), reply(0x06, 1));
        Sds011Driver driver = driver(new Sds011Driver.Settings(Sds011Driver.Mode.QUERY, 0, true, Duration.ofSeconds(30)));

        assertThrows(SensorTimeoutException.class, () -> driver.read(link));

        assertArrayEquals(Sds011Commands.sleep(), link.writes().get(link.writes().size() - 1));
    }

    @Test
    void corruptFramesTimeOutSayingCheckWiringAndBaud() {
        byte[] corrupt = DATASHEET.clone();
        corrupt[3] ^= 0x01;
        link.answer(Sds011Commands.queryData(), corrupt);

        SensorTimeoutException e = assertThrows(SensorTimeoutException.class,
                () -> driver(Sds011Driver.Settings.DEFAULT).read(link));

        assertEquals("/dev/ttyTEST0: no data frame in answer to a query within 2000 ms: 10 bytes received, "
                + "1 checksum errors, 0 malformed frames; check wiring/baud (9600 8N1)", e.getMessage());
    }

    @Test
    void aValueBeyondTheDatasheetRangeIsASensorErrorNeverAReading() {
        byte[] beyond = Hex.bytes("aa c0 10 27 3a 0a a1 60 00 ab"); // PM2.5 0x2710 = 1000.0 ug/m3
        beyond[8] = (byte) Sds011Message.checksum(beyond, 2, 8);
        link.answer(Sds011Commands.queryData(), beyond);

        Sds011Driver driver = driver(Sds011Driver.Settings.DEFAULT);
        RangeCheckedDriver checked = RangeCheckedDriver.wrap(driver, new Sds011DriverProvider(), SPEC,
                new MapDriverOptions(Map.of()));

        SensorErrorException e = assertThrows(ValueOutOfRangeException.class, () -> checked.check(driver.read(link)));

        assertEquals("sensor pm on /dev/ttyTEST0: pm2_5 = 1000 ug/m3 is outside the sds011's range (0 to 999.9 ug/m3); "
                + "the sample is not reported", e.getMessage());
    }
}
