package org.envgate.drivers.modbus;

/**
 * CRC-16/MODBUS: polynomial 0x8005 processed reflected (0xA001), initial value 0xFFFF, no final
 * XOR. On the wire the CRC follows the frame low byte first (Modbus over serial line V1.02, 6.2.2).
 */
public final class ModbusCrc {

    private ModbusCrc() {
    }

    public static int compute(byte[] bytes, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= bytes[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }

    /** The CRC a frame carries in its last two bytes, low byte first. */
    public static int carried(byte[] frame, int length) {
        return (frame[length - 2] & 0xFF) | (frame[length - 1] & 0xFF) << 8;
    }

    /** {@code body} followed by its CRC, low byte first. */
    public static byte[] append(byte[] body) {
        byte[] frame = java.util.Arrays.copyOf(body, body.length + 2);
        int crc = compute(body, 0, body.length);
        frame[body.length] = (byte) crc;
        frame[body.length + 1] = (byte) (crc >>> 8);
        return frame;
    }
}
