package org.envgate.simulator.sds011;

/**
 * Writes SDS011 messages as the sensor does, from Nova's protocol sheet V1.3. Written apart from
 * the driver's decoder on purpose, so a misreading of the layout cannot look right on both sides.
 */
final class Sds011FrameEncoder {

    static final int SIZE = 10;

    private Sds011FrameEncoder() {
    }

    /** {@code AA C0 PM25L PM25H PM10L PM10H ID1 ID2 CS AB}, values in tenths of ug/m3, low byte first. */
    static byte[] dataFrame(int pm25Tenths, int pm10Tenths, int deviceId) {
        return message(0xC0, new int[] {pm25Tenths & 0xFF, pm25Tenths >>> 8, pm10Tenths & 0xFF, pm10Tenths >>> 8}, deviceId);
    }

    /** {@code AA C5 CMD 01 VALUE 00 ID1 ID2 CS AB}: the answer to a set command. */
    static byte[] reply(int command, int value, int deviceId) {
        return message(0xC5, new int[] {command, 1, value, 0}, deviceId);
    }

    private static byte[] message(int kind, int[] data, int deviceId) {
        for (int d : data) {
            if (d < 0 || d > 0xFF) {
                throw new IllegalArgumentException("a data byte holds 0 to 255, not " + d);
            }
        }
        byte[] bytes = {(byte) 0xAA, (byte) kind, (byte) data[0], (byte) data[1], (byte) data[2], (byte) data[3],
            (byte) (deviceId >>> 8), (byte) deviceId, 0, (byte) 0xAB};
        int sum = 0;
        for (int i = 2; i <= 7; i++) {
            sum += Byte.toUnsignedInt(bytes[i]);
        }
        bytes[8] = (byte) sum;
        return bytes;
    }
}
