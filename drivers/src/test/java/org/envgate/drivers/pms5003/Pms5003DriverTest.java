package org.envgate.drivers.pms5003;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.SerialSettings;
import org.envgate.testing.Hex;
import org.envgate.testing.ScriptedLink;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class Pms5003DriverTest {

    /** PM1.0/2.5/10 atmospheric 1245/1518/1791. */
    private static final byte[] REFERENCE = VectorFile.load("vectors/pms5003/reference-frame.vec").bytes();
    /** PM1.0/2.5/10 atmospheric 2/4/4. */
    private static final byte[] CAPTURED = VectorFile.load("vectors/pms5003/capture-pimoroni-logic-analyser.vec").bytes();

    private final ScriptedLink link = new ScriptedLink();

    private Pms5003Driver driver(Pms5003Driver.Mode mode) {
        return new Pms5003Driver(new SensorSpec("pm", link.port(), SerialSettings.DEFAULT_9600_8N1), mode, link::nanoTime);
    }

    @Test
    void activeModeDiscardsStaleInputAndTakesTheNextFrame() throws Exception {
        link.arrived(REFERENCE)
                .arriveLater(Arrays.copyOfRange(CAPTURED, 0, 13))
                .arriveLater(Arrays.copyOfRange(CAPTURED, 13, 32));

        List<Measurement> values = driver(Pms5003Driver.Mode.ACTIVE).read(link);

        assertEquals(List.of(new Measurement(Quantity.PM1_0, 2), new Measurement(Quantity.PM2_5, 4),
                new Measurement(Quantity.PM10, 4), new Measurement(Quantity.PM1_0_CF1, 2),
                new Measurement(Quantity.PM2_5_CF1, 4), new Measurement(Quantity.PM10_CF1, 4)), values);
        assertTrue(link.writes().isEmpty(), "active mode only listens");
    }

    @Test
    void passiveModeAsksForAFrameAndDecodesTheAnswer() throws Exception {
        link.answer(Pms5003Commands.readPassive(), REFERENCE);

        List<Measurement> values = driver(Pms5003Driver.Mode.PASSIVE).read(link);

        assertEquals(1, link.writes().size());
        assertArrayEquals(Hex.bytes("42 4d e2 00 00 01 71"), link.writes().get(0));
        assertEquals(new Measurement(Quantity.PM2_5, 1518), values.get(1));
    }

    @Test
    void startWakesTheSensorAndSetsActiveMode() throws Exception {
        driver(Pms5003Driver.Mode.ACTIVE).start(link);

        assertEquals(2, link.writes().size());
        assertArrayEquals(Hex.bytes("42 4d e4 00 01 01 74"), link.writes().get(0));
        assertArrayEquals(Hex.bytes("42 4d e1 00 01 01 71"), link.writes().get(1));
    }

    @Test
    void startWakesTheSensorSetsPassiveModeAndDropsAFrameAlreadyOnItsWay() throws Exception {
        link.answer(Pms5003Commands.readPassive(), CAPTURED);
        Pms5003Driver driver = driver(Pms5003Driver.Mode.PASSIVE);

        driver.start(link);
        link.arrived(Arrays.copyOfRange(REFERENCE, 0, 20)); // half a frame sent before the mode change
        List<Measurement> values = driver.read(link);

        assertArrayEquals(Hex.bytes("42 4d e4 00 01 01 74"), link.writes().get(0));
        assertArrayEquals(Hex.bytes("42 4d e1 00 00 01 70"), link.writes().get(1));
        assertEquals(new Measurement(Quantity.PM2_5, 4), values.get(1));
        assertEquals(new FrameCounters(1, 0, 0), driver.counters());
    }

    @Test
    void silenceTimesOutSayingNothingWasReceived() {
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class,
                () -> driver(Pms5003Driver.Mode.PASSIVE).read(link));

        assertEquals("no valid frame from /dev/ttyTEST0 within 2000 ms: nothing received; check power, wiring "
                + "(sensor TX to gateway RX) and that the sensor is not asleep", e.getMessage());
    }

    @Test
    void corruptFramesTimeOutSayingCheckWiringAndBaud() {
        byte[] corrupt = REFERENCE.clone();
        corrupt[12] ^= 0x10;
        link.arriveLater(corrupt).arriveLater(Hex.bytes("42 4d 7f 7f 00 13 22"));

        SensorTimeoutException e = assertThrows(SensorTimeoutException.class,
                () -> driver(Pms5003Driver.Mode.ACTIVE).read(link));

        assertEquals("no valid frame from /dev/ttyTEST0 within 5000 ms: 39 bytes received, 1 checksum errors, "
                + "1 malformed frames; check wiring/baud (9600 8N1)", e.getMessage());
    }

    @Test
    void badFramesAreCountedAndSkipped() throws Exception {
        byte[] corrupt = CAPTURED.clone();
        corrupt[20] ^= 0x01;
        link.arriveLater(corrupt).arriveLater(REFERENCE);
        Pms5003Driver driver = driver(Pms5003Driver.Mode.ACTIVE);

        List<Measurement> values = driver.read(link);

        assertEquals(1518, values.get(1).value());
        assertEquals(new FrameCounters(1, 1, 0), driver.counters());
    }
}
