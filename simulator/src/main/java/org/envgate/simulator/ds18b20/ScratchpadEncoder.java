package org.envgate.simulator.ds18b20;

import java.util.Locale;

/**
 * Writes a DS18B20 scratchpad and the w1-therm driver's {@code w1_slave} text for it, as the
 * kernel formats them. The twin's own encoder: it shares no code with the driver's decoder.
 */
final class ScratchpadEncoder {

    /** TH and TL alarm registers and the 12-bit configuration, the factory EEPROM values. */
    private static final int TH = 0x4B;
    private static final int TL = 0x46;
    private static final int CONFIG_12_BIT = 0x7F;

    private ScratchpadEncoder() {
    }

    /**
     * The nine bytes for a temperature in sixteenths of a degree. Byte 6 is 16 minus the low
     * nibble, as older chips report it (and as the pialarm capture shows).
     */
    static int[] scratchpad(int sixteenths) {
        int[] bytes = {sixteenths & 0xFF, (sixteenths >> 8) & 0xFF, TH, TL, CONFIG_12_BIT, 0xFF,
                0x10 - (sixteenths & 0x0F), 0x10, 0};
        bytes[8] = crc8(bytes, 8);
        return bytes;
    }

    /** The DS18B20's power-on scratchpad: +85 Cel, reserved bytes ff 0c 10. */
    static int[] powerOn() {
        int[] bytes = {0x50, 0x05, TH, TL, CONFIG_12_BIT, 0xFF, 0x0C, 0x10, 0};
        bytes[8] = crc8(bytes, 8);
        return bytes;
    }

    /**
     * The file text: the bytes just read with the CRC computed over the first eight and the
     * verdict, then the last good bytes and this read's temperature, truncated to millidegrees
     * the way the kernel's integer division does.
     */
    static String w1Slave(int[] read, int[] lastGood, boolean crcOk) {
        int sixteenths = (short) (read[0] | read[1] << 8);
        return hex(read) + String.format(Locale.ROOT, ": crc=%02x %s\n", crc8(read, 8), crcOk ? "YES" : "NO")
                + hex(lastGood) + "t=" + sixteenths * 1000 / 16 + "\n";
    }

    /** Dallas/Maxim CRC8 (polynomial x^8 + x^5 + x^4 + 1, reflected), table-free, LSB first. */
    static int crc8(int[] bytes, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            int b = bytes[i];
            for (int bit = 0; bit < 8; bit++) {
                boolean feedback = ((crc ^ (b >> bit)) & 1) != 0;
                crc >>= 1;
                if (feedback) {
                    crc ^= 0x8C;
                }
            }
        }
        return crc;
    }

    private static String hex(int[] bytes) {
        StringBuilder text = new StringBuilder();
        for (int b : bytes) {
            text.append(String.format(Locale.ROOT, "%02x ", b));
        }
        return text.toString();
    }
}
