package org.envgate.drivers.sht3x;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.I2cDriverProvider;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueRange;
import org.envgate.link.I2cDevice;
import org.envgate.link.I2cPort;
import org.envgate.wire.Quantity;

/**
 * Model {@code sht3x}: a Sensirion SHT30, SHT31 or SHT35 (temperature, humidity) on I2C at 0x44
 * (ADDR to GND) or 0x45 (ADDR to VDD). No options.
 */
public final class Sht3xDriverProvider extends I2cDriverProvider {

    /** Datasheet: -40 to 125 Cel, 0 to 100 %RH. */
    private static final Map<Quantity, ValueRange> RANGES = Map.of(
            Quantity.TEMPERATURE, new ValueRange(-40, 125),
            Quantity.HUMIDITY, new ValueRange(0, 100));
    /** Datasheet table 1 and 2: resolution 0.01 %RH and 0.015 Cel; 0.01 Cel hides no step. */
    private static final Map<Quantity, Resolution> RESOLUTIONS = Map.of(
            Quantity.TEMPERATURE, Resolution.of("0.01"),
            Quantity.HUMIDITY, Resolution.of("0.01"));

    public Sht3xDriverProvider() {
        super(RANGES, RESOLUTIONS);
    }

    @Override
    public String model() {
        return "sht3x";
    }

    @Override
    public List<Integer> addresses() {
        return List.of(0x44, 0x45);
    }

    /** Reads the status register: an SHT3x answers two bytes with a valid CRC. */
    @Override
    public Optional<String> probe(I2cDevice device) throws IOException {
        device.write(Sht3xCommands.bytes(Sht3xCommands.READ_STATUS));
        byte[] status = device.read(3);
        try {
            int word = Sht3xDecoder.word(status, 0);
            return Optional.of("Sensirion SHT3x at " + I2cPort.hex(device.port().address()) + " (model sht3x), status "
                    + String.format("0x%04x", word));
        } catch (ChecksumMismatchException e) {
            return Optional.empty();
        }
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        return new Sht3xDriver(spec);
    }
}
