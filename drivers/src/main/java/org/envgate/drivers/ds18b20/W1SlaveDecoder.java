package org.envgate.drivers.ds18b20;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.FrameException;
import org.envgate.drivers.MalformedFrameException;

/**
 * Reads the text of the Linux w1-therm driver's {@code w1_slave} file for a DS18B20. Pure: no
 * I/O, no clock.
 *
 * <p>The kernel writes two lines: the nine scratchpad bytes it just read with its own CRC and
 * verdict ({@code 73 01 4b 46 7f ff 0d 10 41 : crc=41 YES}), then the last scratchpad that passed
 * the CRC and the temperature of this read in millidegrees ({@code ... t=23187}). Since kernel 5.9
 * the file is empty when the sensor did not answer at all. The verdict and the special contents
 * are judged on the first line, the one this read produced.
 */
public final class W1SlaveDecoder {

    /** Scratchpad bytes 0-1 at power-on: +85 Cel, 0x0550 in sixteenths. */
    private static final int POWER_ON_LSB = 0x50;
    private static final int POWER_ON_MSB = 0x05;
    /** Reserved bytes 6 and 7 as the datasheet gives them at power-on. */
    private static final int POWER_ON_BYTE_6 = 0x0C;
    private static final int POWER_ON_BYTE_7 = 0x10;

    private static final Pattern CRC_LINE =
            Pattern.compile("((?:[0-9a-f]{2} ){9}): crc=([0-9a-f]{2}) (YES|NO)");
    private static final Pattern TEMPERATURE_LINE = Pattern.compile("(?:[0-9a-f]{2} ){9}t=(-?[0-9]{1,7})");

    private W1SlaveDecoder() {
    }

    /**
     * The temperature this read reports, in Cel.
     *
     * @throws ChecksumMismatchException   the kernel's verdict is {@code NO}: computed CRC vs. byte 8
     * @throws AllZeroScratchpadException  nine zero bytes, which pass the CRC
     * @throws PowerOnValueException       the power-on scratchpad (+85 Cel)
     * @throws MalformedFrameException     an empty file, or text not of the w1-therm shape
     */
    public static double temperature(String text) throws FrameException {
        if (text.isBlank()) {
            throw new MalformedFrameException("empty w1_slave: the kernel got no answer from the sensor "
                    + "(gone from the bus, or a conversion still in progress)");
        }
        String[] lines = text.strip().split("\r?\n");
        if (lines.length != 2) {
            throw new MalformedFrameException("w1_slave must have 2 lines, got " + lines.length + ": " + quote(text));
        }
        Matcher crcLine = CRC_LINE.matcher(lines[0].strip());
        if (!crcLine.matches()) {
            throw new MalformedFrameException("first line must be 9 hex bytes, ': crc=XX YES|NO', got " + quote(lines[0]));
        }
        Matcher temperatureLine = TEMPERATURE_LINE.matcher(lines[1].strip());
        if (!temperatureLine.matches()) {
            throw new MalformedFrameException("second line must be 9 hex bytes and 't=MILLIDEGREES', got " + quote(lines[1]));
        }
        int[] scratchpad = bytes(crcLine.group(1));
        if (crcLine.group(3).equals("NO")) {
            throw new ChecksumMismatchException(Integer.parseInt(crcLine.group(2), 16), scratchpad[8]);
        }
        if (allZero(scratchpad)) {
            throw new AllZeroScratchpadException();
        }
        if (scratchpad[0] == POWER_ON_LSB && scratchpad[1] == POWER_ON_MSB
                && scratchpad[6] == POWER_ON_BYTE_6 && scratchpad[7] == POWER_ON_BYTE_7) {
            throw new PowerOnValueException();
        }
        return Integer.parseInt(temperatureLine.group(1)) / 1000.0;
    }

    private static int[] bytes(String hex) {
        String[] parts = hex.trim().split(" ");
        int[] bytes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    private static boolean allZero(int[] bytes) {
        for (int b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String text) {
        String line = text.strip();
        return "'" + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + "'";
    }
}
