package org.envgate.link;

import com.pi4j.context.Context;
import com.pi4j.exception.Pi4JException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProviderImpl;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mock platform's I2C provider, with devices: Pi4J's own mock I2C only echoes what was
 * written, so this one hands each transaction at an address to the {@link I2cTarget} attached
 * there (a simulator twin, or a test's register file). An address with nothing attached does not
 * acknowledge, failing as Pi4J's Linux provider fails on a real bus (a {@link Pi4JException}
 * around the kernel's "Remote I/O error"), so drivers meet the same errors as on a Raspberry Pi.
 */
public final class MockI2cBus extends MockI2CProviderImpl {

    private final Map<I2cPort, I2cTarget> targets = new ConcurrentHashMap<>();

    /** The provider of a context made by {@link GpioPlatforms#context} for the {@code mock} platform. */
    public static MockI2cBus of(Context mock) {
        I2CProvider provider = mock.provider(MockI2CProvider.ID, I2CProvider.class);
        if (!(provider instanceof MockI2cBus bus)) {
            throw new IllegalArgumentException("not the mock platform's context: its I2C provider is " + provider.getClass().getName());
        }
        return bus;
    }

    /** Puts {@code target} at {@code port}, replacing what was there; closing the result removes it. */
    public AutoCloseable attach(I2cPort port, I2cTarget target) {
        targets.put(port, target);
        return () -> targets.remove(port, target);
    }

    @Override
    public I2C create(I2CConfig config) {
        I2C i2c = new Device(this, config);
        context.registry().add(i2c);
        return i2c;
    }

    private I2cTarget target(I2CConfig config) {
        I2cTarget target = targets.get(new I2cPort(config.bus(), config.device()));
        if (target == null) {
            throw noAnswer(config, new I2cNoAnswerException("nothing at this address"));
        }
        return target;
    }

    private static Pi4JException noAnswer(I2CConfig config, IOException cause) {
        return new Pi4JException("I2C bus " + config.bus() + ", device " + I2cPort.hex(config.device())
                + ": Remote I/O error (" + cause.getMessage() + ")", cause);
    }

    /** One address, as a driver holds it: each call is one transaction on the wire. */
    private static final class Device extends MockI2C {

        private final MockI2cBus bus;
        private final I2CConfig config;

        Device(MockI2cBus bus, I2CConfig config) {
            super(bus, config);
            this.bus = bus;
            this.config = config;
        }

        private void send(byte[] bytes) {
            try {
                bus.target(config).write(bytes);
            } catch (I2cNoAnswerException e) {
                throw noAnswer(config, e);
            }
        }

        private byte[] receive(int length) {
            try {
                byte[] bytes = bus.target(config).read(length);
                return Arrays.copyOf(bytes, length);
            } catch (I2cNoAnswerException e) {
                throw noAnswer(config, e);
            }
        }

        @Override
        public int write(byte b) {
            send(new byte[] {b});
            return 1;
        }

        @Override
        public int write(byte[] data, int offset, int length) {
            send(Arrays.copyOfRange(data, offset, offset + length));
            return length;
        }

        @Override
        public int read() {
            return receive(1)[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            System.arraycopy(receive(length), 0, buffer, offset, length);
            return length;
        }

        @Override
        public int writeRegister(int register, byte b) {
            send(new byte[] {(byte) register, b});
            return 1;
        }

        @Override
        public int writeRegister(int register, byte[] data, int offset, int length) {
            byte[] bytes = new byte[length + 1];
            bytes[0] = (byte) register;
            System.arraycopy(data, offset, bytes, 1, length);
            send(bytes);
            return length;
        }

        @Override
        public int writeRegister(byte[] register, byte[] data, int offset, int length) {
            byte[] bytes = Arrays.copyOf(register, register.length + length);
            System.arraycopy(data, offset, bytes, register.length, length);
            send(bytes);
            return length;
        }

        @Override
        public int readRegister(int register) {
            send(new byte[] {(byte) register});
            return receive(1)[0] & 0xFF;
        }

        @Override
        public int readRegister(int register, byte[] buffer, int offset, int length) {
            send(new byte[] {(byte) register});
            return read(buffer, offset, length);
        }

        @Override
        public int readRegister(byte[] register, byte[] buffer, int offset, int length) {
            send(register.clone());
            return read(buffer, offset, length);
        }
    }
}
