package org.envgate.link;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code port:} of an I2C sensor: {@code i2c:<bus>:<address>}, e.g. {@code i2c:1:0x76} for a
 * BME280 on {@code /dev/i2c-1}, the bus on the Raspberry Pi's header pins 3 and 5. The address is
 * the 7-bit one of the datasheet, in hex.
 *
 * @param bus     the Linux bus number N of {@code /dev/i2c-N}
 * @param address the 7-bit device address, 0x08 to 0x77 (the others are reserved by the I2C specification)
 */
public record I2cPort(int bus, int address) {

    public static final int MIN_ADDRESS = 0x08;
    public static final int MAX_ADDRESS = 0x77;
    private static final int MAX_BUS = 99;
    private static final Pattern PORT = Pattern.compile("i2c:([0-9]{1,2}):0[xX]([0-9a-fA-F]{1,2})");
    private static final Pattern BUS = Pattern.compile("i2c:([0-9]{1,2})");

    public I2cPort {
        if (bus < 0 || bus > MAX_BUS) {
            throw new IllegalArgumentException("I2C bus must be 0 to " + MAX_BUS + ", got " + bus);
        }
        if (address < MIN_ADDRESS || address > MAX_ADDRESS) {
            throw new IllegalArgumentException("I2C address must be 0x08 to 0x77, got " + hex(address));
        }
    }

    /** Whether {@code port} is meant as an I2C port (it may still be malformed). */
    public static boolean isI2c(String port) {
        return port.regionMatches(true, 0, "i2c:", 0, 4);
    }

    /**
     * Reads {@code i2c:<bus>:<address>}.
     *
     * @throws IllegalArgumentException naming the form expected
     */
    public static I2cPort parse(String port) {
        Matcher m = PORT.matcher(port);
        if (m.matches()) {
            int address = Integer.parseInt(m.group(2), 16);
            if (address >= MIN_ADDRESS && address <= MAX_ADDRESS) {
                return new I2cPort(Integer.parseInt(m.group(1)), address);
            }
        }
        throw new IllegalArgumentException("'" + port + "' must be i2c:<bus>:<address>, the address in hex from 0x08 to 0x77, "
                + "e.g. i2c:1:0x76 (bus 1 is header pins 3 and 5 on a Raspberry Pi)");
    }

    /**
     * Reads {@code i2c:<bus>}, the form {@code envgate probe} takes.
     *
     * @throws IllegalArgumentException naming the form expected
     */
    public static int parseBus(String port) {
        Matcher m = BUS.matcher(port);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + port + "' must be i2c:<bus>, e.g. i2c:1 for /dev/i2c-1");
        }
        return Integer.parseInt(m.group(1));
    }

    /** {@code 0x76}. */
    public static String hex(int address) {
        return String.format(Locale.ROOT, "0x%02x", address);
    }

    /** The device file of the bus, for messages: {@code /dev/i2c-1}. */
    public String device() {
        return "/dev/i2c-" + bus;
    }

    /** {@code i2c:1:0x76}: the port as the config writes it. */
    @Override
    public String toString() {
        return "i2c:" + bus + ":" + hex(address);
    }
}
