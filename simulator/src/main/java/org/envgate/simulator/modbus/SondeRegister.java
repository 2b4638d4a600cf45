package org.envgate.simulator.modbus;

import org.envgate.drivers.modbus.RegisterMapping;
import org.envgate.drivers.modbus.RegisterOrder;
import org.envgate.drivers.modbus.RegisterType;
import org.envgate.wire.Quantity;

/**
 * One value of a simulated sonde: where it sits, how it is stored, and what it does.
 *
 * @param function   1 (coil), 2 (discrete input), 3 (holding register) or 4 (input register)
 * @param register   the first register
 * @param scale      stored number times scale plus offset gives the value, as the driver's config says
 * @param signal     the value over the day
 * @param outOfRange the value sent while the out-of-range fault is on
 */
public record SondeRegister(int function, int register, RegisterType type, RegisterOrder order,
                            double scale, double offset, Quantity quantity, DailySignal signal, double outOfRange) {

    /** Registers the value takes. */
    int width() {
        return type.registers();
    }

    /** The number stored for {@code value}: rounded for integer types, a float for float32, 0 or 1 for a bit. */
    long stored(double value) {
        double raw = (value - offset) / scale;
        return switch (type) {
            case FLOAT32 -> Float.floatToRawIntBits((float) raw) & 0xFFFFFFFFL;
            case INT16 -> Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(raw))) & 0xFFFF;
            case UINT16 -> Math.max(0, Math.min(0xFFFF, Math.round(raw)));
            case INT32 -> Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(raw))) & 0xFFFFFFFFL;
            case UINT32 -> Math.max(0, Math.min(0xFFFFFFFFL, Math.round(raw)));
            case COIL, DISCRETE_INPUT -> raw >= 0.5 ? 1 : 0;
        };
    }

    /**
     * The value a master decodes from {@link #stored}, the quantization the registers impose, at
     * the register's resolution as the driver reports it.
     */
    double sent(double value) {
        long stored = stored(value);
        double raw = switch (type) {
            case FLOAT32 -> Float.intBitsToFloat((int) stored);
            case INT16 -> (short) stored;
            case INT32 -> (int) stored;
            default -> stored;
        };
        return RegisterMapping.resolution(type, scale, offset, quantity).round(raw * scale + offset);
    }

    /**
     * The registers holding {@code stored}, bytes placed as {@link #order} names them: the
     * value's bytes are A (most significant) to D; the order lists them as they go on the wire.
     */
    int[] registers(long stored) {
        if (type.isBit()) {
            return new int[] {(int) stored};
        }
        if (width() == 1) {
            boolean swapped = order == RegisterOrder.BADC || order == RegisterOrder.DCBA;
            int word = (int) stored;
            return new int[] {swapped ? (word & 0xFF) << 8 | word >>> 8 : word};
        }
        String layout = order.name();
        int[] wire = new int[4];
        for (int position = 0; position < 4; position++) {
            int significance = 3 - (layout.charAt(position) - 'A'); // A is the top byte
            wire[position] = (int) (stored >>> (8 * significance)) & 0xFF;
        }
        return new int[] {wire[0] << 8 | wire[1], wire[2] << 8 | wire[3]};
    }
}
