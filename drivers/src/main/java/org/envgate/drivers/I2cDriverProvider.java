package org.envgate.drivers;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.envgate.link.I2cDevice;
import org.envgate.link.I2cPort;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/**
 * A model on an I2C bus: port {@code i2c:<bus>:<address>} at one of the addresses the chip can
 * have, reached through the Pi4J platform of the config ({@code gpio: platform:}). The chips
 * here take no options and need no warm-up: every read is a fresh conversion.
 */
public abstract class I2cDriverProvider implements SensorDriverProvider {

    private final Map<Quantity, ValueRange> ranges;
    private final Map<Quantity, Resolution> resolutions;

    /** @param ranges and {@code resolutions}: the datasheet's, for each quantity the model reports */
    protected I2cDriverProvider(Map<Quantity, ValueRange> ranges, Map<Quantity, Resolution> resolutions) {
        if (!ranges.keySet().equals(resolutions.keySet())) {
            throw new IllegalArgumentException("ranges and resolutions name other quantities: " + ranges.keySet()
                    + " and " + resolutions.keySet());
        }
        this.ranges = Map.copyOf(ranges);
        this.resolutions = Map.copyOf(resolutions);
    }

    /** The addresses the chip can be strapped to, the usual one first. */
    public abstract List<Integer> addresses();

    /**
     * Whether this model answers at {@code device}, with reads only (never a write that changes a
     * setting). For {@code envgate probe i2c:<bus>}.
     *
     * @return what answered in a few words, or empty when something else (or nothing) is there
     */
    public abstract Optional<String> probe(I2cDevice device) throws IOException;

    /** The resolution of {@code quantity}: the model has no options for it to depend on. */
    public Resolution resolution(Quantity quantity) {
        return resolutions.get(quantity);
    }

    @Override
    public Set<Quantity> quantities() {
        return ranges.keySet();
    }

    @Override
    public ValueRange range(Quantity quantity, DriverOptions options) {
        return ranges.get(quantity);
    }

    @Override
    public Resolution resolution(Quantity quantity, DriverOptions options) {
        return resolution(quantity);
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of();
    }

    @Override
    public Duration defaultWarmUp() {
        return Duration.ZERO;
    }

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
