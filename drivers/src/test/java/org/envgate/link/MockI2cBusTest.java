package org.envgate.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import java.io.IOException;
import java.util.List;
import org.envgate.testing.RegisterFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mock platform's I2C: each transaction reaches the device attached at its address, as on a wire. */
class MockI2cBusTest {

    private final Context mock;

    MockI2cBusTest() throws IOException {
        mock = GpioPlatforms.context("mock");
    }

    @AfterEach
    void shutdown() {
        mock.shutdown();
    }

    @Test
    void registerReadsAndWritesReachTheDeviceAtTheAddress() throws Exception {
        RegisterFile chip = new RegisterFile().set(0xD0, (byte) 0x60);
        I2cPort port = new I2cPort(1, 0x76);
        try (AutoCloseable attached = MockI2cBus.of(mock).attach(port, chip);
             I2cDevice device = I2cDevice.open(mock, port)) {
            assertArrayEquals(new byte[] {0x60}, device.readRegisters(0xD0, 1));
            device.writeRegister(0xF4, 0x25);
            device.write((byte) 0x24, (byte) 0x00);
            assertEquals(0x25, chip.get(0xF4));
            assertEquals(List.of("d0", "f425", "2400"), chip.writes());
        }
    }

    @Test
    void anAddressWithNothingThereDoesNotAcknowledge() throws Exception {
        MockI2cBus.of(mock).attach(new I2cPort(1, 0x76), new RegisterFile());
        try (I2cDevice device = I2cDevice.open(mock, new I2cPort(1, 0x77))) {
            I2cNoAnswerException e = assertThrows(I2cNoAnswerException.class, () -> device.readRegisters(0xD0, 1));
            assertTrue(e.getMessage().startsWith("i2c:1:0x77: no acknowledge on read of register 0xd0 (I2C bus 1, device 0x77: "
                    + "Remote I/O error"), e.getMessage());
        }
    }

    @Test
    void aDetachedDeviceStopsAnswering() throws Exception {
        I2cPort port = new I2cPort(3, 0x44);
        AutoCloseable attached = MockI2cBus.of(mock).attach(port, new RegisterFile());
        try (I2cDevice device = I2cDevice.open(mock, port)) {
            device.read(3);
            attached.close();
            assertThrows(I2cNoAnswerException.class, () -> device.read(3));
        }
    }
}
