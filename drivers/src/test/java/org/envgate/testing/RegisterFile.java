package org.envgate.testing;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.envgate.link.I2cNoAnswerException;
import org.envgate.link.I2cTarget;

/**
 * An I2C device with 256 byte registers, as most sensors with a register map are: a write sets
 * the register pointer and stores any further bytes from there on; a read returns bytes from the
 * pointer on, incrementing it. Every write is kept, so a test can see what a driver sent.
 */
public class RegisterFile implements I2cTarget {

    private final byte[] registers = new byte[256];
    private final List<String> writes = new ArrayList<>();
    private int pointer;
    private boolean silent;

    /** Sets registers from {@code first} on. */
    public RegisterFile set(int first, byte... values) {
        System.arraycopy(values, 0, registers, first, values.length);
        return this;
    }

    public int get(int register) {
        return registers[register] & 0xFF;
    }

    /** Whether the device acknowledges nothing, as when unpowered. */
    public void silent(boolean silent) {
        this.silent = silent;
    }

    /** Every write so far in hex, e.g. {@code e0b6} for 0xB6 to register 0xE0. */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public void write(byte[] bytes) throws I2cNoAnswerException {
        if (silent) {
            throw new I2cNoAnswerException("unpowered");
        }
        writes.add(HexFormat.of().formatHex(bytes));
        pointer = bytes[0] & 0xFF;
        for (int i = 1; i < bytes.length; i++) {
            written(pointer, bytes[i] & 0xFF);
            registers[pointer] = bytes[i];
            pointer = (pointer + 1) & 0xFF;
        }
    }

    /** Called for every register written, before it is stored; a device model reacts here. */
    protected void written(int register, int value) {
    }

    @Override
    public byte[] read(int length) throws I2cNoAnswerException {
        if (silent) {
            throw new I2cNoAnswerException("unpowered");
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = registers[pointer];
            pointer = (pointer + 1) & 0xFF;
        }
        return bytes;
    }
}
