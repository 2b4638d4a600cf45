package org.envgate.simulator.modbus;

/**
 * A Modbus slave's side of RTU framing, written independently of the driver's code: a CRC
 * from a precomputed table (the driver shifts bit by bit), and the answer frames.
 */
final class RtuFrames {

    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int value = n;
            for (int i = 0; i < 8; i++) {
                value = (value & 1) == 1 ? (value >>> 1) ^ 0xA001 : value >>> 1;
            }
            TABLE[n] = value;
        }
    }

    private RtuFrames() {
    }

    static int crc(byte[] bytes, int from, int to) {
        int crc = 0xFFFF;
        for (int i = from; i < to; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xFF];
        }
        return crc;
    }

    /** The answer to a read: address, function, byte count, registers high byte first, CRC. */
    static byte[] registers(int slave, int function, int[] registers) {
        byte[] frame = new byte[5 + 2 * registers.length];
        frame[0] = (byte) slave;
        frame[1] = (byte) function;
        frame[2] = (byte) (2 * registers.length);
        for (int i = 0; i < registers.length; i++) {
            frame[3 + 2 * i] = (byte) (registers[i] >> 8);
            frame[4 + 2 * i] = (byte) registers[i];
        }
        return sealed(frame);
    }

    /** The answer to a read of coils or discrete inputs: eight bits to a byte, the first bit lowest, CRC. */
    static byte[] bits(int slave, int function, int[] bits) {
        byte[] frame = new byte[5 + (bits.length + 7) / 8];
        frame[0] = (byte) slave;
        frame[1] = (byte) function;
        frame[2] = (byte) ((bits.length + 7) / 8);
        for (int i = 0; i < bits.length; i++) {
            frame[3 + i / 8] |= (byte) ((bits[i] & 1) << (i % 8));
        }
        return sealed(frame);
    }

    /** The answer to a write of one register (06) or several (16): address, function, two words, CRC. */
    static byte[] echo(int slave, int function, int address, int word) {
        return sealed(new byte[] {(byte) slave, (byte) function, (byte) (address >> 8), (byte) address,
            (byte) (word >> 8), (byte) word, 0, 0});
    }

    /** An exception answer: address, function with its high bit set, code, CRC. */
    static byte[] exception(int slave, int function, int code) {
        return sealed(new byte[] {(byte) slave, (byte) (function | 0x80), (byte) code, 0, 0});
    }

    /** Fills in the last two bytes with the CRC of the others, low byte first. */
    private static byte[] sealed(byte[] frame) {
        int crc = crc(frame, 0, frame.length - 2);
        frame[frame.length - 2] = (byte) crc;
        frame[frame.length - 1] = (byte) (crc >>> 8);
        return frame;
    }
}
