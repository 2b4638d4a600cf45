package org.envgate.drivers.pms5003;

/**
 * Host-to-sensor commands: {@code 42 4D CMD DATAH DATAL LRCH LRCL}, where LRC is the 16-bit sum
 * of the first five bytes (datasheet appendix B). The sensor answers a mode change and a sleep
 * command with an 8-byte frame of length 4, a read in passive mode with a data frame, and a
 * wake-up with nothing until its next data frame.
 */
public final class Pms5003Commands {

    /** Bytes in a command. */
    public static final int SIZE = 7;
    /** Bytes in the sensor's answer to a mode change or sleep: {@code 42 4D 00 04 CMD DATAL CSH CSL}. */
    public static final int ANSWER_SIZE = 8;
    /** The length field of such an answer. */
    public static final int ANSWER_LENGTH = 4;

    public static final int CHANGE_MODE = 0xE1;
    public static final int READ_PASSIVE = 0xE2;
    public static final int SLEEP_SET = 0xE4;

    public static final int MODE_PASSIVE = 0x00;
    public static final int MODE_ACTIVE = 0x01;
    public static final int SLEEP = 0x00;
    public static final int WAKE = 0x01;

    private Pms5003Commands() {
    }

    /** {@code 42 4D E1 00 00 01 70}: answer only when asked with {@link #readPassive()}. */
    public static byte[] passiveMode() {
        return command(CHANGE_MODE, MODE_PASSIVE);
    }

    /** {@code 42 4D E1 00 01 01 71}: send a frame on the sensor's own schedule (the power-on default). */
    public static byte[] activeMode() {
        return command(CHANGE_MODE, MODE_ACTIVE);
    }

    /** {@code 42 4D E2 00 00 01 71}: send one data frame now (passive mode). */
    public static byte[] readPassive() {
        return command(READ_PASSIVE, 0x00);
    }

    /** {@code 42 4D E4 00 00 01 73}: stop the fan and the laser. */
    public static byte[] sleep() {
        return command(SLEEP_SET, SLEEP);
    }

    /** {@code 42 4D E4 00 01 01 74}: start the fan; data is stable about 30 s later. */
    public static byte[] wake() {
        return command(SLEEP_SET, WAKE);
    }

    /** A command with a 16-bit data word. */
    public static byte[] command(int cmd, int data) {
        byte[] bytes = {
            (byte) Pms5003Frame.START_1, (byte) Pms5003Frame.START_2,
            (byte) cmd, (byte) (data >> 8), (byte) data, 0, 0
        };
        int lrc = Pms5003Frame.checksum(bytes, 0, 5);
        bytes[5] = (byte) (lrc >> 8);
        bytes[6] = (byte) lrc;
        return bytes;
    }
}
