package org.envgate.drivers.sht3x;

/** The SHT3x commands envgate sends (Sensirion SHT3x-DIS datasheet, section 4), shared with its twin. */
public final class Sht3xCommands {

    /** Single shot, high repeatability, no clock stretching: the sensor does not acknowledge reads until done. */
    public static final int MEASURE_HIGH = 0x2400;
    /** Soft reset: back to the power-on state within 1.5 ms, without a power cycle. */
    public static final int SOFT_RESET = 0x30A2;
    /** Reads the 16-bit status register and its CRC. */
    public static final int READ_STATUS = 0xF32D;
    /** Bytes of a measurement: temperature, CRC, humidity, CRC. */
    public static final int MEASUREMENT_LENGTH = 6;

    private Sht3xCommands() {
    }

    /** The two bytes of {@code command}, most significant first, as they go on the wire. */
    public static byte[] bytes(int command) {
        return new byte[] {(byte) (command >> 8), (byte) command};
    }
}
