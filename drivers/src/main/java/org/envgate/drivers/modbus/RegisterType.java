package org.envgate.drivers.modbus;

/**
 * How a value is stored: in one or two 16-bit registers, or as one bit, a coil (read with
 * function 01; a relay, a pump's contactor) or a discrete input (function 02; a door switch, a
 * float switch).
 */
public enum RegisterType {
    INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2), COIL(1), DISCRETE_INPUT(1);

    private final int registers;

    RegisterType(int registers) {
        this.registers = registers;
    }

    /** Registers (or bits) the value takes. */
    public int registers() {
        return registers;
    }

    /** Whether the value is one bit, 0 or 1. */
    public boolean isBit() {
        return this == COIL || this == DISCRETE_INPUT;
    }

    /** The function that reads a bit of this type: 1 for coils, 2 for discrete inputs; 0 for register types. */
    public int bitFunction() {
        return this == COIL ? ModbusRequest.READ_COILS : this == DISCRETE_INPUT ? ModbusRequest.READ_DISCRETE_INPUTS : 0;
    }
}
