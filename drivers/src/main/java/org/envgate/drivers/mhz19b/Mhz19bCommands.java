package org.envgate.drivers.mhz19b;

/**
 * Host-to-sensor commands: 9 bytes {@code FF 01 CMD B3 B4 B5 B6 B7 CS}, where CS is
 * {@code 0xFF - (sum of bytes 1..7) + 1}, truncated to a byte (MH-Z19B manual V1.0). Only the
 * read is answered; the automatic-baseline switch is not.
 */
public final class Mhz19bCommands {

    /** Bytes in a command and in an answer. */
    public static final int SIZE = 9;
    public static final int START = 0xFF;
    /** Byte 1 of every command: the sensor number, always 1. */
    public static final int SENSOR = 0x01;

    public static final int READ_CO2 = 0x86;
    public static final int AUTOMATIC_BASELINE = 0x79;
    /** Byte 3 of the automatic-baseline command: on. Off is 0x00. */
    public static final int BASELINE_ON = 0xA0;

    private Mhz19bCommands() {
    }

    /** {@code FF 01 86 00 00 00 00 00 79}: answer with the CO2 concentration. */
    public static byte[] readCo2() {
        return command(READ_CO2, 0);
    }

    /** {@code FF 01 79 A0 00 00 00 00 E6}: correct the zero point to 400 ppm every 24 h (the factory default). */
    public static byte[] automaticBaselineOn() {
        return command(AUTOMATIC_BASELINE, BASELINE_ON);
    }

    /** {@code FF 01 79 00 00 00 00 00 86}: keep the zero point where it is. */
    public static byte[] automaticBaselineOff() {
        return command(AUTOMATIC_BASELINE, 0);
    }

    private static byte[] command(int command, int byte3) {
        byte[] bytes = {(byte) START, SENSOR, (byte) command, (byte) byte3, 0, 0, 0, 0, 0};
        bytes[8] = (byte) checksum(bytes, 0);
        return bytes;
    }

    /** The protocol's checksum of the 9 bytes at {@code offset}: the two's complement of the sum of bytes 1..7. */
    public static int checksum(byte[] bytes, int offset) {
        int sum = 0;
        for (int i = offset + 1; i < offset + 8; i++) {
            sum += bytes[i] & 0xFF;
        }
        return (0xFF - (sum & 0xFF) + 1) & 0xFF;
    }
}
