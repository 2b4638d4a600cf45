package org.envgate.link;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.io.IOException;

/**
 * One device on an I2C bus, opened through the Pi4J context of the configured platform: on a
 * Raspberry Pi Pi4J's Linux provider ({@code /dev/i2c-N}), in tests and the demo the
 * {@link MockI2cBus}. Each call is one transaction; a device that does not acknowledge is an
 * {@link I2cNoAnswerException} naming the port.
 */
public final class I2cDevice implements AutoCloseable {

    private final Context context;
    private final I2cPort port;
    private final I2C i2c;

    private I2cDevice(Context context, I2cPort port, I2C i2c) {
        this.context = context;
        this.port = port;
        this.i2c = i2c;
    }

    /**
     * Opens {@code port} in {@code context}. Nothing is sent: whether a device answers shows at
     * the first transaction.
     *
     * @throws PortNotFoundException when the platform has no such bus or no I2C at all
     */
    public static I2cDevice open(Context context, I2cPort port) throws IOException {
        try {
            I2C i2c = context.create(I2C.newConfigBuilder(context)
                    .id(id(port))
                    .name(port.toString())
                    .bus(port.bus())
                    .device(port.address())
                    .build());
            return new I2cDevice(context, port, i2c);
        } catch (RuntimeException e) {
            throw new PortNotFoundException(port + ": cannot open " + port.device() + ": " + e.getMessage()
                    + " (enable I2C with raspi-config, or dtparam=i2c_arm=on in /boot/firmware/config.txt)", e);
        }
    }

    /** The Pi4J id of the device this opens, unique per bus and address. */
    public static String id(I2cPort port) {
        return "envgate-i2c" + port.bus() + "-" + I2cPort.hex(port.address());
    }

    public I2cPort port() {
        return port;
    }

    /** Writes {@code bytes} (a command, or a register pointer and data) in one transaction. */
    public void write(byte... bytes) throws I2cNoAnswerException {
        try {
            i2c.write(bytes, 0, bytes.length);
        } catch (RuntimeException e) {
            throw noAnswer("write", e);
        }
    }

    /** Writes {@code value} to {@code register}. */
    public void writeRegister(int register, int value) throws I2cNoAnswerException {
        write((byte) register, (byte) value);
    }

    /** Reads {@code length} bytes in one transaction. */
    public byte[] read(int length) throws I2cNoAnswerException {
        byte[] bytes = new byte[length];
        try {
            int got = i2c.read(bytes, 0, length);
            if (got != length) {
                throw new I2cNoAnswerException(port + ": read " + got + " of " + length + " bytes");
            }
        } catch (RuntimeException e) {
            throw noAnswer("read", e);
        }
        return bytes;
    }

    /** Reads {@code length} registers from {@code first} on, the way the datasheets' burst reads do. */
    public byte[] readRegisters(int first, int length) throws I2cNoAnswerException {
        byte[] bytes = new byte[length];
        try {
            int got = i2c.readRegister(first, bytes, 0, length);
            if (got != length) {
                throw new I2cNoAnswerException(port + ": read " + got + " of " + length + " bytes from register "
                        + I2cPort.hex(first));
            }
        } catch (RuntimeException e) {
            throw noAnswer("read of register " + I2cPort.hex(first), e);
        }
        return bytes;
    }

    private I2cNoAnswerException noAnswer(String what, RuntimeException e) {
        return new I2cNoAnswerException(port + ": no acknowledge on " + what + " (" + e.getMessage() + ")", e);
    }

    @Override
    public void close() {
        try {
            context.shutdown(i2c.id());
        } catch (RuntimeException e) {
            // The context is being shut down with the gateway: the device goes with it.
        }
    }
}
