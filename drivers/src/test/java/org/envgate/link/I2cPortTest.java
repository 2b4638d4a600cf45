package org.envgate.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class I2cPortTest {

    @Test
    void readsBusAndHexAddress() {
        assertEquals(new I2cPort(1, 0x76), I2cPort.parse("i2c:1:0x76"));
        assertEquals(new I2cPort(0, 0x44), I2cPort.parse("i2c:0:0X44"));
        assertEquals(new I2cPort(22, 0x08), I2cPort.parse("i2c:22:0x8"));
        assertEquals("i2c:1:0x77", I2cPort.parse("i2c:1:0x77").toString());
        assertEquals("/dev/i2c-1", I2cPort.parse("i2c:1:0x77").device());
    }

    @ParameterizedTest
    @ValueSource(strings = {"i2c:1:76", "i2c:1:0x78", "i2c:1:0x07", "i2c:1", "i2c::0x76", "i2c:100:0x76", "i2c:1:0x76:2",
            "i2c:1:0xg6", "I2C-1:0x76", "/dev/i2c-1"})
    void rejectsAnythingElseNamingTheForm(String port) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> I2cPort.parse(port));
        assertEquals("'" + port + "' must be i2c:<bus>:<address>, the address in hex from 0x08 to 0x77, e.g. i2c:1:0x76 "
                + "(bus 1 is header pins 3 and 5 on a Raspberry Pi)", e.getMessage());
    }

    @Test
    void probeTakesABusAlone() {
        assertEquals(1, I2cPort.parseBus("i2c:1"));
        assertThrows(IllegalArgumentException.class, () -> I2cPort.parseBus("i2c:1:0x76"));
        assertTrue(I2cPort.isI2c("I2C:1:0x76"));
        assertFalse(I2cPort.isI2c("/dev/ttyAMA0"));
    }
}
