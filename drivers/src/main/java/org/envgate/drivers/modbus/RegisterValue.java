package org.envgate.drivers.modbus;

/** Turns registers into a number: type, byte order, then scale and offset. Pure. */
public final class RegisterValue {

    private RegisterValue() {
    }

    /**
     * The value stored in {@code registers} (unsigned 16-bit words as read) from {@code offset},
     * as {@code raw * scale + offset}.
     */
    public static double decode(int[] registers, int at, RegisterType type, RegisterOrder order,
                                double scale, double offset) {
        return raw(registers, at, type, order) * scale + offset;
    }

    /** The stored number itself, before scale and offset; a bit as read, 0 or 1. */
    public static double raw(int[] registers, int at, RegisterType type, RegisterOrder order) {
        if (registers.length - at < type.registers()) {
            throw new IllegalArgumentException(type + " needs " + type.registers() + " registers, "
                    + (registers.length - at) + " left");
        }
        byte[] wire = new byte[2 * type.registers()];
        for (int i = 0; i < type.registers(); i++) {
            wire[2 * i] = (byte) (registers[at + i] >>> 8);
            wire[2 * i + 1] = (byte) registers[at + i];
        }
        byte[] v = order.valueBytes(wire);
        return switch (type) {
            case INT16 -> (short) ((v[0] & 0xFF) << 8 | (v[1] & 0xFF));
            case UINT16 -> (v[0] & 0xFF) << 8 | (v[1] & 0xFF);
            case INT32 -> int32(v);
            case UINT32 -> Integer.toUnsignedLong(int32(v));
            case FLOAT32 -> Float.intBitsToFloat(int32(v));
            case COIL, DISCRETE_INPUT -> registers[at];
        };
    }

    private static int int32(byte[] v) {
        return (v[0] & 0xFF) << 24 | (v[1] & 0xFF) << 16 | (v[2] & 0xFF) << 8 | (v[3] & 0xFF);
    }
}
