package org.envgate.simulator.modbus;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts what the master writes into requests, as a slave does: a frame ends when its length is
 * reached (8 bytes for 01 to 06, 9 + byte count for 16), and bytes that sat incomplete through a
 * pause of more than {@link #STALE_MILLIS} are a torn frame and dropped. A frame with a wrong CRC
 * is dropped silently, as the specification tells slaves to do.
 */
final class RequestFramer {

    /** Much longer than any gap inside a frame, even when a pty or TCP splits the bytes. */
    static final long STALE_MILLIS = 50;

    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private long lastByteMillis = Long.MIN_VALUE;

    List<RtuRequest> feed(byte[] bytes, int offset, int length, long nowMillis) {
        if (held.size() > 0 && nowMillis - lastByteMillis > STALE_MILLIS) {
            held.reset();
        }
        lastByteMillis = nowMillis;
        held.write(bytes, offset, length);
        List<RtuRequest> requests = new ArrayList<>();
        byte[] buffer = held.toByteArray();
        int at = 0;
        while (buffer.length - at >= 8) {
            int size = (buffer[at + 1] & 0xFF) == 0x10 ? 9 + (buffer[at + 6] & 0xFF) : 8;
            if (buffer.length - at < size) {
                break;
            }
            int crc = (buffer[at + size - 2] & 0xFF) | (buffer[at + size - 1] & 0xFF) << 8;
            if (crc == RtuFrames.crc(buffer, at, at + size - 2)) {
                requests.add(request(buffer, at, size));
                at += size;
            } else {
                at = buffer.length; // a corrupt frame: nothing in this burst can be trusted
            }
        }
        held.reset();
        held.write(buffer, at, buffer.length - at);
        return requests;
    }

    private static RtuRequest request(byte[] b, int at, int size) {
        int[] values = new int[size == 8 ? 0 : (size - 9) / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = word(b, at + 7 + 2 * i);
        }
        return new RtuRequest(b[at] & 0xFF, b[at + 1] & 0xFF, word(b, at + 2), word(b, at + 4), values);
    }

    private static int word(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }
}
