package org.envgate.drivers.pms5003;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.envgate.testing.Hex;
import org.junit.jupiter.api.Test;

class Pms5003FrameTest {

    private static final byte[] REFERENCE = VectorFile.load("vectors/pms5003/reference-frame.vec").bytes();

    @Test
    void measurementsAreTheAtmosphericThenTheCf1ValuesInMicrogramsPerCubicMetre() throws Exception {
        List<Measurement> measurements = Pms5003Frame.decode(REFERENCE).measurements();

        assertEquals(List.of(
                new Measurement(Quantity.PM1_0, 1245),
                new Measurement(Quantity.PM2_5, 1518),
                new Measurement(Quantity.PM10, 1791),
                new Measurement(Quantity.PM1_0_CF1, 426),
                new Measurement(Quantity.PM2_5_CF1, 699),
                new Measurement(Quantity.PM10_CF1, 972)), measurements);
        assertEquals("ug/m3", measurements.get(1).quantity().unit());
    }

    @Test
    void badChecksumNamesComputedAndCarriedValues() {
        byte[] frame = REFERENCE.clone();
        frame[31] = 0x00;

        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> Pms5003Frame.decode(frame));
        assertEquals("checksum mismatch: computed 0x0601, frame says 0x0600", e.getMessage());
        assertEquals(0x0601, e.expected());
        assertEquals(0x0600, e.actual());
    }

    @Test
    void wrongLengthFieldSaysWhatWasExpected() {
        byte[] frame = REFERENCE.clone();
        frame[3] = 0x04;

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> Pms5003Frame.decode(frame));
        assertEquals("length field must be 28, got 4", e.getMessage());
    }

    @Test
    void wrongSizeAndStartCharactersAreMalformed() {
        assertEquals("frame must be 32 bytes, got 31", assertThrows(MalformedFrameException.class,
                () -> Pms5003Frame.decode(java.util.Arrays.copyOf(REFERENCE, 31))).getMessage());
        byte[] frame = REFERENCE.clone();
        frame[1] = 0x4E;
        assertEquals("frame must start with 42 4d, got 42 4e", assertThrows(MalformedFrameException.class,
                () -> Pms5003Frame.decode(frame)).getMessage());
    }

    @Test
    void commandsMatchTheDatasheet() {
        assertArrayEquals(Hex.bytes("42 4d e1 00 00 01 70"), Pms5003Commands.passiveMode());
        assertArrayEquals(Hex.bytes("42 4d e1 00 01 01 71"), Pms5003Commands.activeMode());
        assertArrayEquals(Hex.bytes("42 4d e2 00 00 01 71"), Pms5003Commands.readPassive());
        assertArrayEquals(Hex.bytes("42 4d e4 00 00 01 73"), Pms5003Commands.sleep());
        assertArrayEquals(Hex.bytes("42 4d e4 00 01 01 74"), Pms5003Commands.wake());
    }

}
