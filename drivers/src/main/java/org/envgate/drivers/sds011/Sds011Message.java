package org.envgate.drivers.sds011;

/** What an SDS011 sends: a data frame ({@code AA C0}) or a reply to a command ({@code AA C5}). */
public sealed interface Sds011Message permits Sds011Frame, Sds011Reply {

    /** Bytes in every message the sensor sends. */
    int SIZE = 10;
    int HEAD = 0xAA;
    int TAIL = 0xAB;
    int DATA = 0xC0;
    int REPLY = 0xC5;

    /** The sensor's two-byte id, as the datasheet prints it ({@code A1 60} is 0xA160). */
    int deviceId();

    /** The protocol's checksum: the low byte of the sum of the data bytes in {@code [from, to)}. */
    static int checksum(byte[] bytes, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFF;
    }
}
