package org.envgate.drivers.modbus;

/**
 * One request of a Modbus master: read coils (01), read discrete inputs (02), read holding
 * registers (03), read input registers (04), write single register (06) or write multiple
 * registers (16), with its frame bytes.
 *
 * @param slave    on a serial line 1 to 247, or 0xFE, the "any address" of point-to-point sensors such as the
 *                 Senseair S8; over Modbus TCP the unit id, 0 to 255
 * @param function the function code
 * @param address  the first register, 0-based as on the wire
 * @param values   for 01 to 04 one entry, the number of bits or registers; for 06 the value; for 16 the values
 */
public record ModbusRequest(int slave, int function, int address, int[] values) {

    public static final int READ_COILS = 0x01;
    public static final int READ_DISCRETE_INPUTS = 0x02;
    public static final int READ_HOLDING_REGISTERS = 0x03;
    public static final int READ_INPUT_REGISTERS = 0x04;
    public static final int WRITE_SINGLE_REGISTER = 0x06;
    public static final int WRITE_MULTIPLE_REGISTERS = 0x10;
    /** The "any address" a point-to-point Senseair sensor answers to. */
    public static final int ANY_ADDRESS = 0xFE;
    /** Registers one read may ask for: the answer's byte count must fit one byte (spec: 125). */
    public static final int MAX_READ = 125;
    /** Coils or discrete inputs one read may ask for (spec: 2000). */
    public static final int MAX_READ_BITS = 2000;
    /** Registers one write of function 16 may carry (spec: 123). */
    public static final int MAX_WRITE = 123;

    public ModbusRequest {
        if (slave < 0 || slave > 0xFF) {
            throw new IllegalArgumentException("slave address or unit id must be 0 to 255, got " + slave);
        }
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("register address must be 0 to 65535, got " + address);
        }
        values = values.clone();
        switch (function) {
            case READ_COILS, READ_DISCRETE_INPUTS -> {
                if (values.length != 1 || values[0] < 1 || values[0] > MAX_READ_BITS) {
                    throw new IllegalArgumentException("a read of bits asks for 1 to " + MAX_READ_BITS);
                }
            }
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> {
                if (values.length != 1 || values[0] < 1 || values[0] > MAX_READ) {
                    throw new IllegalArgumentException("a read asks for 1 to " + MAX_READ + " registers");
                }
            }
            case WRITE_SINGLE_REGISTER -> {
                if (values.length != 1) {
                    throw new IllegalArgumentException("function 06 writes one value");
                }
            }
            case WRITE_MULTIPLE_REGISTERS -> {
                if (values.length < 1 || values.length > MAX_WRITE) {
                    throw new IllegalArgumentException("function 16 writes 1 to " + MAX_WRITE + " values");
                }
            }
            default -> throw new IllegalArgumentException("unsupported function " + function);
        }
        for (int value : values) {
            if (value < 0 || value > 0xFFFF) {
                throw new IllegalArgumentException("a register holds 0 to 65535, got " + value);
            }
        }
    }

    public static ModbusRequest readHoldingRegisters(int slave, int address, int count) {
        return new ModbusRequest(slave, READ_HOLDING_REGISTERS, address, new int[] {count});
    }

    public static ModbusRequest readInputRegisters(int slave, int address, int count) {
        return new ModbusRequest(slave, READ_INPUT_REGISTERS, address, new int[] {count});
    }

    /** A read of {@code count} bits (function 01 or 02) or registers (03 or 04). */
    public static ModbusRequest read(int slave, int function, int address, int count) {
        if (function < READ_COILS || function > READ_INPUT_REGISTERS) {
            throw new IllegalArgumentException("bits and registers are read with functions 1 to 4, not " + function);
        }
        return new ModbusRequest(slave, function, address, new int[] {count});
    }

    public static ModbusRequest writeSingleRegister(int slave, int address, int value) {
        return new ModbusRequest(slave, WRITE_SINGLE_REGISTER, address, new int[] {value});
    }

    public static ModbusRequest writeMultipleRegisters(int slave, int address, int... values) {
        return new ModbusRequest(slave, WRITE_MULTIPLE_REGISTERS, address, values);
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    public boolean isRead() {
        return function >= READ_COILS && function <= READ_INPUT_REGISTERS;
    }

    /** Whether this reads coils or discrete inputs, one bit each. */
    public boolean readsBits() {
        return function == READ_COILS || function == READ_DISCRETE_INPUTS;
    }

    /** Bits or registers a read asks for. */
    public int count() {
        return isRead() ? values[0] : values.length;
    }

    /** The frame: address, function, data, CRC low byte first. */
    public byte[] bytes() {
        byte[] body;
        if (function == WRITE_MULTIPLE_REGISTERS) {
            body = new byte[7 + 2 * values.length];
            putWord(body, 4, values.length);
            body[6] = (byte) (2 * values.length);
            for (int i = 0; i < values.length; i++) {
                putWord(body, 7 + 2 * i, values[i]);
            }
        } else {
            body = new byte[6];
            putWord(body, 4, values[0]);
        }
        body[0] = (byte) slave;
        body[1] = (byte) function;
        putWord(body, 2, address);
        return ModbusCrc.append(body);
    }

    /** The protocol data unit: function code and data, as RTU and TCP frames both carry it. */
    public byte[] pdu() {
        byte[] frame = bytes();
        return java.util.Arrays.copyOfRange(frame, 1, frame.length - 2);
    }

    /** Bytes in the normal (non-exception) RTU answer: address, the answer's PDU, CRC. */
    public int answerLength() {
        if (!isRead()) {
            return 8;
        }
        return 5 + (readsBits() ? (values[0] + 7) / 8 : 2 * values[0]);
    }

    /** For messages, e.g. {@code read input registers 0x0003 (1)}. */
    public String describe() {
        return switch (function) {
            case READ_COILS -> String.format("read coils 0x%04x (%d)", address, values[0]);
            case READ_DISCRETE_INPUTS -> String.format("read discrete inputs 0x%04x (%d)", address, values[0]);
            case READ_HOLDING_REGISTERS -> String.format("read holding registers 0x%04x (%d)", address, values[0]);
            case READ_INPUT_REGISTERS -> String.format("read input registers 0x%04x (%d)", address, values[0]);
            case WRITE_SINGLE_REGISTER -> String.format("write register 0x%04x = %d", address, values[0]);
            default -> String.format("write registers 0x%04x (%d)", address, values.length);
        };
    }

    private static void putWord(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModbusRequest r && r.slave == slave && r.function == function
                && r.address == address && java.util.Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(slave, function, address, java.util.Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "slave " + slave + ": " + describe();
    }
}
