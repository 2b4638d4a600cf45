package org.envgate.drivers.bme280;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Model {@code bme280}: a Bosch BME280 (temperature, pressure, humidity) on I2C at 0x76 (SDO to
 * GND, most breakout boards) or 0x77 (SDO to VDD). No options.
 */
public final class Bme280DriverProvider extends I2cDriverProvider {

    /** Datasheet table 1: the operating range, within which the chip is specified. */
    private static final Map<Quantity, ValueRange> RANGES = Map.of(
            Quantity.TEMPERATURE, new ValueRange(-40, 85),
            Quantity.PRESSURE, new ValueRange(300, 1100),
            Quantity.HUMIDITY, new ValueRange(0, 100));
    /**
     * Temperature: the formula's own step, 0.01 Cel. Pressure: 0.01 hPa (1 Pa), finer than the
     * 2.62 Pa a x1 conversion resolves. Humidity: 0.001 %RH, finer than the 0.008 %RH the
     * datasheet gives. None of them hides a step the chip resolves.
     */
    private static final Map<Quantity, Resolution> RESOLUTIONS = Map.of(
            Quantity.TEMPERATURE, Resolution.of("0.01"),
            Quantity.PRESSURE, Resolution.of("0.01"),
            Quantity.HUMIDITY, Resolution.of("0.001"));

    public Bme280DriverProvider() {
        super(RANGES, RESOLUTIONS);
    }

    @Override
    public String model() {
        return "bme280";
    }

    @Override
    public List<Integer> addresses() {
        return List.of(0x76, 0x77);
    }

    /** Reads the chip id only. */
    @Override
    public Optional<String> probe(I2cDevice device) throws IOException {
        int chipId = device.readRegisters(Bme280Registers.CHIP_ID, 1)[0] & 0xFF;
        if (chipId == Bme280Registers.BME280_CHIP_ID) {
            return Optional.of("Bosch BME280 at " + I2cPort.hex(device.port().address()) + " (model bme280), chip id 0x60");
        }
        String other = otherChip(chipId);
        return other.isEmpty() ? Optional.empty()
                : Optional.of("chip id " + I2cPort.hex(chipId) + " at " + I2cPort.hex(device.port().address()) + other);
    }

    /** What a chip id other than the BME280's means, for messages: {@code : a BMP280 ...}, or empty. */
    static String otherChip(int chipId) {
        if (chipId >= 0x56 && chipId <= 0x58) {
            return ": a Bosch BMP280 (temperature and pressure, no humidity), which envgate does not read";
        }
        if (chipId == 0x61) {
            return ": a Bosch BME680, which envgate does not read";
        }
        return "";
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        return new Bme280Driver(spec);
    }
}
