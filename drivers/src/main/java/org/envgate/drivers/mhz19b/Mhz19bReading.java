package org.envgate.drivers.mhz19b;

import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.wire.Quantity;

/**
 * The answer to a read: {@code FF 86 HIGH LOW B4 B5 B6 B7 CS}, CO2 = HIGH * 256 + LOW in ppm.
 * Bytes 4 to 7 are not documented for the MH-Z19B (byte 4 is often the temperature + 40 C, too
 * coarse and uncalibrated to report); they are ignored.
 *
 * @param co2 the CO2 concentration in ppm
 */
public record Mhz19bReading(int co2) {

    public List<Measurement> measurements() {
        return List.of(new Measurement(Quantity.CO2, co2));
    }

    /** Decodes exactly one answer, checking its size, start, command and checksum. */
    public static Mhz19bReading decode(byte[] answer) throws MalformedFrameException, ChecksumMismatchException {
        if (answer.length != Mhz19bCommands.SIZE) {
            throw new MalformedFrameException("answer must be " + Mhz19bCommands.SIZE + " bytes, got " + answer.length);
        }
        if ((answer[0] & 0xFF) != Mhz19bCommands.START || (answer[1] & 0xFF) != Mhz19bCommands.READ_CO2) {
            throw new MalformedFrameException(String.format("answer must start with ff 86, got %02x %02x",
                    answer[0] & 0xFF, answer[1] & 0xFF));
        }
        int expected = Mhz19bCommands.checksum(answer, 0);
        if (expected != (answer[8] & 0xFF)) {
            throw new ChecksumMismatchException(expected, answer[8] & 0xFF);
        }
        return fields(answer, 0);
    }

    static Mhz19bReading fields(byte[] bytes, int offset) {
        return new Mhz19bReading(((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF));
    }
}
