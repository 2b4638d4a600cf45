package org.envgate.drivers.sds011;

import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.wire.Quantity;

/**
 * One data frame of a Nova SDS011: {@code AA C0 PM25L PM25H PM10L PM10H ID1 ID2 CS AB}, values
 * little-endian in tenths of ug/m3, CS the low byte of the sum of bytes 2..7 (Laser Dust Sensor
 * Control Protocol V1.3).
 *
 * @param pm25Tenths PM2.5 in 0.1 ug/m3
 * @param pm10Tenths PM10 in 0.1 ug/m3
 * @param deviceId   the sensor's id, bytes 6 and 7
 */
public record Sds011Frame(int pm25Tenths, int pm10Tenths, int deviceId) implements Sds011Message {

    public double pm25() {
        return pm25Tenths / 10.0;
    }

    public double pm10() {
        return pm10Tenths / 10.0;
    }

    public List<Measurement> measurements() {
        return List.of(new Measurement(Quantity.PM2_5, pm25()), new Measurement(Quantity.PM10, pm10()));
    }

    /** Decodes exactly one data frame, checking its size, head, command, tail and checksum. */
    public static Sds011Frame decode(byte[] frame) throws MalformedFrameException, ChecksumMismatchException {
        if (frame.length != SIZE) {
            throw new MalformedFrameException("frame must be " + SIZE + " bytes, got " + frame.length);
        }
        if (u8(frame, 0) != HEAD || u8(frame, 1) != DATA || u8(frame, 9) != TAIL) {
            throw new MalformedFrameException(String.format(
                    "data frame must read aa c0 ... ab, got %02x %02x ... %02x", u8(frame, 0), u8(frame, 1), u8(frame, 9)));
        }
        int expected = Sds011Message.checksum(frame, 2, 8);
        if (expected != u8(frame, 8)) {
            throw new ChecksumMismatchException(expected, u8(frame, 8));
        }
        return fields(frame, 0);
    }

    /** The fields of a data frame at {@code offset} whose framing and checksum were already checked. */
    static Sds011Frame fields(byte[] bytes, int offset) {
        return new Sds011Frame(le16(bytes, offset + 2), le16(bytes, offset + 4), be16(bytes, offset + 6));
    }

    static int le16(byte[] bytes, int offset) {
        return u8(bytes, offset) | (u8(bytes, offset + 1) << 8);
    }

    static int be16(byte[] bytes, int offset) {
        return (u8(bytes, offset) << 8) | u8(bytes, offset + 1);
    }

    static int u8(byte[] bytes, int offset) {
        return bytes[offset] & 0xFF;
    }
}
