package org.envgate.drivers.sht3x;

import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.wire.Quantity;

/**
 * Turns the six bytes of one SHT3x measurement (temperature word, CRC, humidity word, CRC) into
 * temperature (Cel) and relative humidity (%RH), datasheet section 4.13:
 * T = -45 + 175 * S / 65535, RH = 100 * S / 65535. Pure: no I/O, no clock.
 */
public final class Sht3xDecoder {

    private Sht3xDecoder() {
    }

    /**
     * @throws ChecksumMismatchException when either word's CRC does not match (computed vs. received)
     * @throws MalformedFrameException   when there are not six bytes
     */
    public static List<Measurement> decode(byte[] data) throws ChecksumMismatchException, MalformedFrameException {
        if (data.length != Sht3xCommands.MEASUREMENT_LENGTH) {
            throw new MalformedFrameException("SHT3x measurement must be 6 bytes, got " + data.length);
        }
        int temperature = word(data, 0);
        int humidity = word(data, 3);
        return List.of(new Measurement(Quantity.TEMPERATURE, -45 + 175.0 * temperature / 65535),
                new Measurement(Quantity.HUMIDITY, 100.0 * humidity / 65535));
    }

    /**
     * The 16-bit word at {@code at} after checking the CRC that follows it.
     *
     * @throws ChecksumMismatchException when the CRC does not match
     */
    public static int word(byte[] data, int at) throws ChecksumMismatchException {
        int computed = Sht3xCrc.of(data[at], data[at + 1]);
        int received = data[at + 2] & 0xFF;
        if (computed != received) {
            throw new ChecksumMismatchException(computed, received);
        }
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    /** A word and its CRC as the sensor sends them, for twins and tests. */
    public static byte[] encode(int word) {
        return new byte[] {(byte) (word >> 8), (byte) word, (byte) Sht3xCrc.of(word >> 8, word)};
    }
}
