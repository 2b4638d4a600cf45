package org.envgate.drivers.sht3x;

/**
 * The CRC-8 of every SHT3x data word (datasheet section 4.12): polynomial 0x31
 * (x^8 + x^5 + x^4 + 1), initial value 0xFF, no reflection, no final XOR. The datasheet's
 * example: 0xBEEF gives 0x92.
 */
public final class Sht3xCrc {

    private Sht3xCrc() {
    }

    /** The CRC of the word {@code msb, lsb}. */
    public static int of(int msb, int lsb) {
        int crc = 0xFF;
        for (int b : new int[] {msb & 0xFF, lsb & 0xFF}) {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x31) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }
}
