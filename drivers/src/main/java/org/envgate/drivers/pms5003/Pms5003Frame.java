package org.envgate.drivers.pms5003;

import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.wire.Quantity;

/**
 * One 32-byte data frame of a Plantower PMS5003/PMS7003.
 *
 * <p>Layout (datasheet appendix, all values big-endian uint16): {@code 42 4D}, frame length 28,
 * PM1.0/2.5/10 at CF=1, PM1.0/2.5/10 under atmospheric environment, six particle counts,
 * version and error code (one byte each), checksum = sum of bytes 0..29.
 *
 * @param pm1Cf1          PM1.0, CF=1 (factory environment), ug/m3
 * @param pm25Cf1         PM2.5, CF=1, ug/m3
 * @param pm10Cf1         PM10, CF=1, ug/m3
 * @param pm1Atmospheric  PM1.0 under atmospheric environment, ug/m3
 * @param pm25Atmospheric PM2.5 under atmospheric environment, ug/m3
 * @param pm10Atmospheric PM10 under atmospheric environment, ug/m3
 * @param n0_3            particles over 0.3 um in 0.1 L of air
 * @param n0_5            particles over 0.5 um in 0.1 L of air
 * @param n1_0            particles over 1.0 um in 0.1 L of air
 * @param n2_5            particles over 2.5 um in 0.1 L of air
 * @param n5_0            particles over 5.0 um in 0.1 L of air
 * @param n10             particles over 10 um in 0.1 L of air
 * @param version         byte 28; the datasheet calls bytes 28-29 "reserved"
 * @param errorCode       byte 29; no meaning documented, so it is kept but never reported
 */
public record Pms5003Frame(
        int pm1Cf1, int pm25Cf1, int pm10Cf1,
        int pm1Atmospheric, int pm25Atmospheric, int pm10Atmospheric,
        int n0_3, int n0_5, int n1_0, int n2_5, int n5_0, int n10,
        int version, int errorCode) {

    public static final int START_1 = 0x42;
    public static final int START_2 = 0x4D;
    /** Bytes in a data frame, start characters and checksum included. */
    public static final int SIZE = 32;
    /** The length field of a data frame: 13 data words and the checksum. */
    public static final int LENGTH = 28;

    /**
     * The atmospheric values, which DESIGN.md makes {@code pm1_0}, {@code pm2_5} and {@code pm10}, then
     * the CF=1 values, which the US EPA correction for Plantower sensors starts from.
     */
    public List<Measurement> measurements() {
        return List.of(
                new Measurement(Quantity.PM1_0, pm1Atmospheric),
                new Measurement(Quantity.PM2_5, pm25Atmospheric),
                new Measurement(Quantity.PM10, pm10Atmospheric),
                new Measurement(Quantity.PM1_0_CF1, pm1Cf1),
                new Measurement(Quantity.PM2_5_CF1, pm25Cf1),
                new Measurement(Quantity.PM10_CF1, pm10Cf1));
    }

    /**
     * Decodes exactly one frame, checking its size, start characters, length field and checksum.
     */
    public static Pms5003Frame decode(byte[] frame) throws MalformedFrameException, ChecksumMismatchException {
        if (frame.length != SIZE) {
            throw new MalformedFrameException("frame must be " + SIZE + " bytes, got " + frame.length);
        }
        if (u8(frame, 0) != START_1 || u8(frame, 1) != START_2) {
            throw new MalformedFrameException(String.format(
                    "frame must start with 42 4d, got %02x %02x", u8(frame, 0), u8(frame, 1)));
        }
        int length = u16(frame, 2);
        if (length != LENGTH) {
            throw new MalformedFrameException("length field must be " + LENGTH + ", got " + length);
        }
        int expected = checksum(frame, 0, SIZE - 2);
        int actual = u16(frame, SIZE - 2);
        if (expected != actual) {
            throw new ChecksumMismatchException(expected, actual);
        }
        return fields(frame, 0);
    }

    /** Reads the fields of a frame at {@code offset} whose framing and checksum were already checked. */
    static Pms5003Frame fields(byte[] bytes, int offset) {
        return new Pms5003Frame(
                u16(bytes, offset + 4), u16(bytes, offset + 6), u16(bytes, offset + 8),
                u16(bytes, offset + 10), u16(bytes, offset + 12), u16(bytes, offset + 14),
                u16(bytes, offset + 16), u16(bytes, offset + 18), u16(bytes, offset + 20),
                u16(bytes, offset + 22), u16(bytes, offset + 24), u16(bytes, offset + 26),
                u8(bytes, offset + 28), u8(bytes, offset + 29));
    }

    /** The protocol's checksum: the sum of the bytes as unsigned values, truncated to 16 bits. */
    static int checksum(byte[] bytes, int offset, int length) {
        int sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFFFF;
    }

    static int u16(byte[] bytes, int offset) {
        return (u8(bytes, offset) << 8) | u8(bytes, offset + 1);
    }

    private static int u8(byte[] bytes, int offset) {
        return bytes[offset] & 0xFF;
    }
}
