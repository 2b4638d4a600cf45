package org.envgate.drivers.ds18b20;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueRange;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/**
 * Model {@code ds18b20}: a Maxim DS18B20 on the Raspberry Pi's 1-wire bus (w1-gpio and w1-therm
 * kernel drivers). The port is the device folder, e.g. {@code /sys/bus/w1/devices/28-0316a2797aff}.
 * Only family 28 is accepted: DS18S20 (10), DS1822 (22) and the others scale and reset differently.
 */
public final class Ds18b20DriverProvider implements SensorDriverProvider {

    /** An absolute path whose last element is family 28 and the 48-bit serial, as the kernel names it. */
    private static final Pattern DEVICE_FOLDER = Pattern.compile("/(?:[^/]+/)*28-[0-9a-f]{12}/?");
    /** Datasheet: -55 to +125 Cel. */
    private static final ValueRange TEMPERATURE = new ValueRange(-55, 125);
    /**
     * Datasheet: 0.0625 Cel at 12 bits, the power-on default (9 to 11 bits give multiples of it).
     * The kernel writes millidegrees cut to whole numbers ({@code t=23187} for 23.1875), always
     * less than 0.001 from a sixteenth, so rounding gives the chip's value back exactly.
     */
    private static final Resolution TEMPERATURE_RESOLUTION = Resolution.of("0.0625");

    @Override
    public String model() {
        return "ds18b20";
    }

    @Override
    public Set<Quantity> quantities() {
        return Set.of(Quantity.TEMPERATURE);
    }

    @Override
    public ValueRange range(Quantity quantity, DriverOptions options) {
        return TEMPERATURE;
    }

    @Override
    public Resolution resolution(Quantity quantity, DriverOptions options) {
        return TEMPERATURE_RESOLUTION;
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of();
    }

    /** Not used: the kernel drives the bus. Any value satisfies the SPI. */
    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    /** Each read runs its own conversion; the power-on value is rejected, not waited out. */
    @Override
    public Duration defaultWarmUp() {
        return Duration.ZERO;
    }

    @Override
    public void checkPort(String port) {
        if (!DEVICE_FOLDER.matcher(port).matches()) {
            throw new OptionException("port", "'" + port + "' must be a DS18B20 folder like "
                    + "/sys/bus/w1/devices/28-0316a2797aff (family 28, then 12 lowercase hex digits)");
        }
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        return new Ds18b20Driver(spec);
    }
}
