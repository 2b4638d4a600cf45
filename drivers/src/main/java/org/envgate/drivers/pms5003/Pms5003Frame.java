package org.envgate.drivers.pms5003;

import java.util.ArrayList;
import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.wire.Quantity;

/**
 * One data frame of a Plantower PMS5003/PMS7003 (32 bytes), PMS5003T (32 bytes) or PMS5003ST
 * (40 bytes); a field the frame's {@link Pms5003Layout} does not carry is 0.
 *
 * <p>Layout (datasheet appendices, values big-endian uint16 unless said): {@code 42 4D}, the
 * frame length, PM1.0/2.5/10 at CF=1 (bytes 4-9), PM1.0/2.5/10 under atmospheric environment
 * (10-15), then
 * <ul>
 * <li>PMS5003: six particle counts (16-27), version and error code (28, 29), checksum (30-31);</li>
 * <li>PMS5003T: four particle counts (16-23), temperature in 0.1 Cel as a signed int16 (24-25),
 *     humidity in 0.1 %RH (26-27), version and error code (28, 29), checksum (30-31);</li>
 * <li>PMS5003ST: six particle counts (16-27), formaldehyde in 0.001 mg/m3 (28-29), temperature
 *     in 0.1 Cel, signed (30-31), humidity in 0.1 %RH (32-33), reserved (34-35), version and
 *     error code (36, 37), checksum (38-39).</li>
 * </ul>
 * The checksum is the 16-bit sum of every byte before it.
 *
 * @param layout          which sensor's frame this is
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
 * @param version         byte 28 (36 in the PMS5003ST); the datasheet calls it and the next "reserved"
 * @param errorCode       byte 29 (37); no meaning documented, so it is kept but never reported
 * @param formaldehyde    formaldehyde in 0.001 mg/m3 (PMS5003ST)
 * @param temperature     temperature in 0.1 Cel (PMS5003T, PMS5003ST)
 * @param humidity        relative humidity in 0.1 %RH (PMS5003T, PMS5003ST)
 */
public record Pms5003Frame(
        Pms5003Layout layout,
        int pm1Cf1, int pm25Cf1, int pm10Cf1,
        int pm1Atmospheric, int pm25Atmospheric, int pm10Atmospheric,
        int n0_3, int n0_5, int n1_0, int n2_5, int n5_0, int n10,
        int version, int errorCode,
        int formaldehyde, int temperature, int humidity) {

    public static final int START_1 = 0x42;
    public static final int START_2 = 0x4D;
    /** Bytes in a PMS5003 data frame, start characters and checksum included. */
    public static final int SIZE = 32;
    /** The length field of a PMS5003 data frame: 13 data words and the checksum. */
    public static final int LENGTH = 28;

    /**
     * The atmospheric values, which DESIGN.md makes {@code pm1_0}, {@code pm2_5} and {@code pm10}, then
     * the CF=1 values, which the US EPA correction for Plantower sensors starts from, then what
     * the layout adds: temperature and humidity (PMS5003T), formaldehyde too (PMS5003ST).
     */
    public List<Measurement> measurements() {
        List<Measurement> values = new ArrayList<>(List.of(
                new Measurement(Quantity.PM1_0, pm1Atmospheric),
                new Measurement(Quantity.PM2_5, pm25Atmospheric),
                new Measurement(Quantity.PM10, pm10Atmospheric),
                new Measurement(Quantity.PM1_0_CF1, pm1Cf1),
                new Measurement(Quantity.PM2_5_CF1, pm25Cf1),
                new Measurement(Quantity.PM10_CF1, pm10Cf1)));
        if (layout == Pms5003Layout.PMS5003ST) {
            values.add(new Measurement(Quantity.FORMALDEHYDE, formaldehyde / 1000.0));
        }
        if (layout != Pms5003Layout.PMS5003) {
            values.add(new Measurement(Quantity.TEMPERATURE, temperature / 10.0));
            values.add(new Measurement(Quantity.HUMIDITY, humidity / 10.0));
        }
        return List.copyOf(values);
    }

    /**
     * Decodes exactly one PMS5003 frame, checking its size, start characters, length field and checksum.
     */
    public static Pms5003Frame decode(byte[] frame) throws MalformedFrameException, ChecksumMismatchException {
        return decode(frame, Pms5003Layout.PMS5003);
    }

    /**
     * Decodes exactly one frame of {@code layout}, checking its size, start characters, length field and checksum.
     */
    public static Pms5003Frame decode(byte[] frame, Pms5003Layout layout)
            throws MalformedFrameException, ChecksumMismatchException {
        int size = layout.size();
        if (frame.length != size) {
            throw new MalformedFrameException("frame must be " + size + " bytes, got " + frame.length);
        }
        if (u8(frame, 0) != START_1 || u8(frame, 1) != START_2) {
            throw new MalformedFrameException(String.format(
                    "frame must start with 42 4d, got %02x %02x", u8(frame, 0), u8(frame, 1)));
        }
        int length = u16(frame, 2);
        if (length != layout.lengthField()) {
            throw new MalformedFrameException("length field must be " + layout.lengthField() + ", got " + length);
        }
        int expected = checksum(frame, 0, size - 2);
        int actual = u16(frame, size - 2);
        if (expected != actual) {
            throw new ChecksumMismatchException(expected, actual);
        }
        return fields(frame, 0, layout);
    }

    /** Reads the fields of a frame of {@code layout} at {@code offset} whose framing and checksum were already checked. */
    static Pms5003Frame fields(byte[] bytes, int offset, Pms5003Layout layout) {
        int at = offset + 4;
        int pm1Cf1 = u16(bytes, at);
        int pm25Cf1 = u16(bytes, at + 2);
        int pm10Cf1 = u16(bytes, at + 4);
        int pm1 = u16(bytes, at + 6);
        int pm25 = u16(bytes, at + 8);
        int pm10 = u16(bytes, at + 10);
        int n03 = u16(bytes, at + 12);
        int n05 = u16(bytes, at + 14);
        int n10 = u16(bytes, at + 16);
        int n25 = u16(bytes, at + 18);
        return switch (layout) {
            case PMS5003 -> new Pms5003Frame(layout, pm1Cf1, pm25Cf1, pm10Cf1, pm1, pm25, pm10, n03, n05, n10, n25,
                    u16(bytes, at + 20), u16(bytes, at + 22), u8(bytes, at + 24), u8(bytes, at + 25), 0, 0, 0);
            case PMS5003T -> new Pms5003Frame(layout, pm1Cf1, pm25Cf1, pm10Cf1, pm1, pm25, pm10, n03, n05, n10, n25,
                    0, 0, u8(bytes, at + 24), u8(bytes, at + 25), 0, s16(bytes, at + 20), u16(bytes, at + 22));
            case PMS5003ST -> new Pms5003Frame(layout, pm1Cf1, pm25Cf1, pm10Cf1, pm1, pm25, pm10, n03, n05, n10, n25,
                    u16(bytes, at + 20), u16(bytes, at + 22), u8(bytes, at + 32), u8(bytes, at + 33),
                    u16(bytes, at + 24), s16(bytes, at + 26), u16(bytes, at + 28));
        };
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

    /** Temperature: below 0 Cel the sensor sends the two's complement. */
    static int s16(byte[] bytes, int offset) {
        return (short) u16(bytes, offset);
    }

    private static int u8(byte[] bytes, int offset) {
        return bytes[offset] & 0xFF;
    }
}
