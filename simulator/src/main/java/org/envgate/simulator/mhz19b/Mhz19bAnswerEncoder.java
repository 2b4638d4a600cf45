package org.envgate.simulator.mhz19b;

/**
 * Writes the MH-Z19B's answer to a read as its manual describes it, apart from the driver's
 * decoder on purpose: {@code FF 86 HIGH LOW TEMP+40 00 00 00 CS}, CS = 0xFF - (bytes 1..7) + 1.
 */
final class Mhz19bAnswerEncoder {

    static final int SIZE = 9;

    private Mhz19bAnswerEncoder() {
    }

    static byte[] answer(int co2, int byte4) {
        if (co2 < 0 || co2 > 0xFFFF) {
            throw new IllegalArgumentException("the answer holds 0 to 65535 ppm, not " + co2);
        }
        byte[] bytes = {(byte) 0xFF, (byte) 0x86, (byte) (co2 >>> 8), (byte) co2, (byte) byte4, 0, 0, 0, 0};
        int sum = 0;
        for (int i = 1; i <= 7; i++) {
            sum += Byte.toUnsignedInt(bytes[i]);
        }
        bytes[8] = (byte) (0x100 - (sum & 0xFF));
        return bytes;
    }
}
