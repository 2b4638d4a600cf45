package org.envgate.drivers.sds011;

/**
 * Host-to-sensor commands: 19 bytes {@code AA B4 CMD D1 ... D12 FF FF CS AB}, where
 * {@code FF FF} addresses any device id and CS is the low byte of the sum of bytes 2..16
 * (Laser Dust Sensor Control Protocol V1.3). The sensor answers each with a 10-byte
 * {@code AA C5} reply, except the query, which it answers with a data frame.
 */
public final class Sds011Commands {

    /** Bytes in a command. */
    public static final int SIZE = 19;
    public static final int COMMAND = 0xB4;

    public static final int REPORTING_MODE = 0x02;
    public static final int QUERY_DATA = 0x04;
    public static final int SLEEP_AND_WORK = 0x06;
    public static final int WORKING_PERIOD = 0x08;

    /** D1 of a set command: 1 sets, 0 only asks. */
    public static final int SET = 1;
    public static final int MODE_ACTIVE = 0;
    public static final int MODE_QUERY = 1;
    public static final int SLEEP = 0;
    public static final int WORK = 1;
    /** The longest working period the sensor accepts, in minutes. */
    public static final int MAX_WORKING_PERIOD = 30;

    private Sds011Commands() {
    }

    /** {@code AA B4 02 01 01 ... FF FF 02 AB}: send data only when queried. */
    public static byte[] queryMode() {
        return command(REPORTING_MODE, SET, MODE_QUERY);
    }

    /** {@code AA B4 02 01 00 ... FF FF 01 AB}: send data on the sensor's own schedule (factory default). */
    public static byte[] activeMode() {
        return command(REPORTING_MODE, SET, MODE_ACTIVE);
    }

    /** {@code AA B4 04 00 ... FF FF 02 AB}: send one data frame now. */
    public static byte[] queryData() {
        return command(QUERY_DATA, 0, 0);
    }

    /** {@code AA B4 06 01 00 ... FF FF 05 AB}: stop the fan and the laser. */
    public static byte[] sleep() {
        return command(SLEEP_AND_WORK, SET, SLEEP);
    }

    /** {@code AA B4 06 01 01 ... FF FF 06 AB}: start the fan and the laser. */
    public static byte[] work() {
        return command(SLEEP_AND_WORK, SET, WORK);
    }

    /**
     * {@code AA B4 08 01 NN ... FF FF CS AB}: measure continuously (0) or once every
     * {@code minutes} (1 to 30), sleeping in between.
     */
    public static byte[] workingPeriod(int minutes) {
        if (minutes < 0 || minutes > MAX_WORKING_PERIOD) {
            throw new IllegalArgumentException("working period must be 0 to " + MAX_WORKING_PERIOD + " minutes: " + minutes);
        }
        return command(WORKING_PERIOD, SET, minutes);
    }

    private static byte[] command(int command, int d1, int d2) {
        byte[] bytes = new byte[SIZE];
        bytes[0] = (byte) Sds011Message.HEAD;
        bytes[1] = (byte) COMMAND;
        bytes[2] = (byte) command;
        bytes[3] = (byte) d1;
        bytes[4] = (byte) d2;
        bytes[15] = (byte) 0xFF;
        bytes[16] = (byte) 0xFF;
        bytes[17] = (byte) Sds011Message.checksum(bytes, 2, 17);
        bytes[18] = (byte) Sds011Message.TAIL;
        return bytes;
    }
}
