package org.envgate.simulator.pms5003;

/**
 * Writes PMS5003, PMS5003T and PMS5003ST frames as the sensors do, from the datasheets' layouts. Written independently
 * of the driver's decoder on purpose: a misread of the layout would otherwise look right on
 * both sides. The reference vector in the drivers' tests checks this against known bytes.
 */
final class Pms5003FrameEncoder {

    static final int FRAME_SIZE = 32;
    static final int ST_FRAME_SIZE = 40;
    /** The version byte real sensors send (PyPMS and Pimoroni captures). */
    static final int VERSION = 0x97;

    private Pms5003FrameEncoder() {
    }

    /** A 32-byte data frame: header, length 28, 13 data words, checksum over everything before it. */
    static byte[] dataFrame(ParticleSample sample, int version, int errorCode) {
        byte[] frame = new byte[FRAME_SIZE];
        int at = particles(frame, FRAME_SIZE, sample, ParticleSample.COUNT_BINS);
        frame[at++] = (byte) version;
        frame[at++] = (byte) errorCode;
        putWord(frame, at, sum(frame, at));
        return frame;
    }

    /**
     * A PMS5003T's 32-byte frame: as the PMS5003's, with temperature (signed) and humidity in the
     * words of the two largest particle counts.
     */
    static byte[] pms5003tFrame(ParticleSample sample, ClimateSample climate, int version, int errorCode) {
        byte[] frame = new byte[FRAME_SIZE];
        int at = particles(frame, FRAME_SIZE, sample, 4);
        at = putSigned(frame, at, climate.temperatureTenths());
        at = putWord(frame, at, climate.humidityTenths());
        frame[at++] = (byte) version;
        frame[at++] = (byte) errorCode;
        putWord(frame, at, sum(frame, at));
        return frame;
    }

    /**
     * A PMS5003ST's 40-byte frame: length 36, the PMS5003's words, then formaldehyde,
     * temperature (signed), humidity and a reserved word.
     */
    static byte[] pms5003stFrame(ParticleSample sample, ClimateSample climate, int version, int errorCode) {
        byte[] frame = new byte[ST_FRAME_SIZE];
        int at = particles(frame, ST_FRAME_SIZE, sample, ParticleSample.COUNT_BINS);
        at = putWord(frame, at, climate.formaldehyde());
        at = putSigned(frame, at, climate.temperatureTenths());
        at = putWord(frame, at, climate.humidityTenths());
        at = putWord(frame, at, 0);
        frame[at++] = (byte) version;
        frame[at++] = (byte) errorCode;
        putWord(frame, at, sum(frame, at));
        return frame;
    }

    /** Header, length, the six PM values and the first {@code counts} particle counts; returns the next offset. */
    private static int particles(byte[] frame, int size, ParticleSample sample, int counts) {
        frame[0] = 0x42;
        frame[1] = 0x4D;
        int at = putWord(frame, 2, size - 4);
        at = putWord(frame, at, sample.pm1Cf1());
        at = putWord(frame, at, sample.pm25Cf1());
        at = putWord(frame, at, sample.pm10Cf1());
        at = putWord(frame, at, sample.pm1());
        at = putWord(frame, at, sample.pm25());
        at = putWord(frame, at, sample.pm10());
        int[] all = sample.counts();
        for (int i = 0; i < counts; i++) {
            at = putWord(frame, at, all[i]);
        }
        return at;
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

    private static int putSigned(byte[] bytes, int at, int value) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new IllegalArgumentException("a signed frame word holds -32768 to 32767, not " + value);
        }
        return putWord(bytes, at, value & 0xFFFF);
    }

    private static int sum(byte[] bytes, int count) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += Byte.toUnsignedInt(bytes[i]);
        }
        return sum & 0xFFFF;
    }
}
