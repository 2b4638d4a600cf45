package org.envgate.simulator.pms5003;

/**
 * Writes PMS5003 frames as the sensor does, from the datasheet's layout. Written independently
 * of the driver's decoder on purpose: a misread of the layout would otherwise look right on
 * both sides. The reference vector in the drivers' tests checks this against known bytes.
 */
final class Pms5003FrameEncoder {

    static final int FRAME_SIZE = 32;
    /** The version byte real sensors send (PyPMS and Pimoroni captures). */
    static final int VERSION = 0x97;

    private Pms5003FrameEncoder() {
    }

    /** A 32-byte data frame: header, length 28, 13 data words, checksum over everything before it. */
    static byte[] dataFrame(ParticleSample sample, int version, int errorCode) {
        byte[] frame = new byte[FRAME_SIZE];
        frame[0] = 0x42;
        frame[1] = 0x4D;
        int at = putWord(frame, 2, FRAME_SIZE - 4);
        at = putWord(frame, at, sample.pm1Cf1());
        at = putWord(frame, at, sample.pm25Cf1());
        at = putWord(frame, at, sample.pm10Cf1());
        at = putWord(frame, at, sample.pm1());
        at = putWord(frame, at, sample.pm25());
        at = putWord(frame, at, sample.pm10());
        for (int count : sample.counts()) {
            at = putWord(frame, at, count);
        }
        frame[at++] = (byte) version;
        frame[at++] = (byte) errorCode;
        putWord(frame, at, sum(frame, at));
        return frame;
    }

    /** The 8-byte answer to a mode or sleep command: header, length 4, the command and its data, checksum. */
    static byte[] answer(int command, int data) {
        byte[] answer = {0x42, 0x4D, 0x00, 0x04, (byte) command, (byte) data, 0, 0};
        putWord(answer, 6, sum(answer, 6));
        return answer;
    }

    private static int putWord(byte[] bytes, int at, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("a frame word holds 0 to 65535, not " + value);
        }
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
        return at + 2;
    }

    private static int sum(byte[] bytes, int count) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += Byte.toUnsignedInt(bytes[i]);
        }
        return sum & 0xFFFF;
    }
}
