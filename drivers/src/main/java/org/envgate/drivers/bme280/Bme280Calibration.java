package org.envgate.drivers.bme280;

import org.envgate.drivers.MalformedFrameException;

/**
 * The trimming parameters a BME280 carries in its non-volatile memory (datasheet
 * BST-BME280-DS002, table 16): {@code dig_T1..3} and {@code dig_P1..9} in registers 0x88 to 0x9F,
 * {@code dig_H1} in 0xA1, {@code dig_H2..6} in 0xE1 to 0xE7. Each chip has its own; the
 * compensation formulas turn raw readings into values with them.
 */
public record Bme280Calibration(int t1, int t2, int t3,
                                int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9,
                                int h1, int h2, int h3, int h4, int h5, int h6) {

    /** Registers 0x88 to 0xA1. */
    public static final int FIRST_BLOCK_LENGTH = 26;
    /** Registers 0xE1 to 0xE7. */
    public static final int SECOND_BLOCK_LENGTH = 7;

    /**
     * Reads the two blocks as the chip holds them: 16-bit words little-endian, {@code dig_H4}
     * and {@code dig_H5} as 12-bit signed values sharing register 0xE5.
     *
     * @throws MalformedFrameException when a block has the wrong length, or the memory reads as
     *                                 all 0x00 or all 0xFF (a chip not answering, or erased)
     */
    public static Bme280Calibration parse(byte[] first, byte[] second) throws MalformedFrameException {
        if (first.length != FIRST_BLOCK_LENGTH || second.length != SECOND_BLOCK_LENGTH) {
            throw new MalformedFrameException("BME280 calibration must be " + FIRST_BLOCK_LENGTH + " and "
                    + SECOND_BLOCK_LENGTH + " bytes, got " + first.length + " and " + second.length);
        }
        if (uniform(first, 0x00) || uniform(first, 0xFF)) {
            throw new MalformedFrameException("BME280 calibration memory reads all 0x" + String.format("%02x", first[0] & 0xFF)
                    + ": the chip did not load its trimming (reset it) or is not a BME280");
        }
        return new Bme280Calibration(
                unsigned16(first, 0), signed16(first, 2), signed16(first, 4),
                unsigned16(first, 6), signed16(first, 8), signed16(first, 10), signed16(first, 12), signed16(first, 14),
                signed16(first, 16), signed16(first, 18), signed16(first, 20), signed16(first, 22),
                first[25] & 0xFF,
                signed16(second, 0),
                second[2] & 0xFF,
                (second[3] << 4) | (second[4] & 0x0F),
                (second[5] << 4) | ((second[4] & 0xFF) >> 4),
                second[6]);
    }

    /** The two blocks as the chip holds these parameters; the inverse of {@link #parse}, for twins and tests. */
    public byte[][] registers() {
        byte[] first = new byte[FIRST_BLOCK_LENGTH];
        int[] words = {t1, t2, t3, p1, p2, p3, p4, p5, p6, p7, p8, p9};
        for (int i = 0; i < words.length; i++) {
            first[2 * i] = (byte) words[i];
            first[2 * i + 1] = (byte) (words[i] >> 8);
        }
        first[25] = (byte) h1;
        byte[] second = {(byte) h2, (byte) (h2 >> 8), (byte) h3, (byte) (h4 >> 4),
                (byte) ((h4 & 0x0F) | ((h5 & 0x0F) << 4)), (byte) (h5 >> 4), (byte) h6};
        return new byte[][] {first, second};
    }

    private static int unsigned16(byte[] b, int at) {
        return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
    }

    private static int signed16(byte[] b, int at) {
        return (short) unsigned16(b, at);
    }

    private static boolean uniform(byte[] bytes, int value) {
        for (byte b : bytes) {
            if ((b & 0xFF) != value) {
                return false;
            }
        }
        return true;
    }
}
