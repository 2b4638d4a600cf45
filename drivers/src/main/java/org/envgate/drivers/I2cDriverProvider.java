package org.envgate.drivers;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.envgate.link.I2cDevice;
import org.envgate.link.I2cPort;
import org.envgate.link.SerialSettings;

/**
 * A model on an I2C bus: port {@code i2c:<bus>:<address>} at one of the addresses the chip can
 * have, reached through the Pi4J platform of the config ({@code gpio: platform:}).
 */
public abstract class I2cDriverProvider implements SensorDriverProvider {

    /** The addresses the chip can be strapped to, the usual one first. */
    public abstract List<Integer> addresses();

    /**
     * Whether this model answers at {@code device}, with reads only (never a write that changes a
     * setting). For {@code envgate probe i2c:<bus>}.
     *
     * @return what answered in a few words, or empty when something else (or nothing) is there
     */
    public abstract Optional<String> probe(I2cDevice device) throws IOException;

    /** Not used: no serial line. Any value satisfies the SPI. */
    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    @Override
    public void checkPort(String port) {
        I2cPort i2c;
        try {
            i2c = I2cPort.parse(port);
        } catch (IllegalArgumentException e) {
            throw new OptionException("port", e.getMessage());
        }
        if (!addresses().contains(i2c.address())) {
            throw new OptionException("port", "a " + model() + " answers only at " + addresses().stream().map(I2cPort::hex)
                    .collect(Collectors.joining(" or ")) + ", not " + I2cPort.hex(i2c.address()));
        }
    }
}
