package org.envgate.drivers.modbus;

/** How a value is stored in one or two 16-bit registers. */
public enum RegisterType {
    INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2);

    private final int registers;

    RegisterType(int registers) {
        this.registers = registers;
    }

    /** Registers the value takes. */
    public int registers() {
        return registers;
    }
}
