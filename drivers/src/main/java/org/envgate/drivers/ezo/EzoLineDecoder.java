package org.envgate.drivers.ezo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts what an EZO circuit sends into lines at each carriage return. Pure: bytes in, lines out.
 * A line that is not printable ASCII is line noise (a torn line, a baud mismatch) and is
 * dropped and counted.
 */
public final class EzoLineDecoder {

    /** EZO lines are short; a longer run without CR means the line is not an EZO circuit's. */
    static final int MAX_LINE = 64;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long good;
    private long garbled;

    public List<EzoReply> feed(byte[] bytes, int offset, int length) {
        List<EzoReply> replies = new ArrayList<>();
        for (int i = offset; i < offset + length; i++) {
            int b = Byte.toUnsignedInt(bytes[i]);
            if (b == '\r') {
                finish(replies);
            } else if (b == '\n') {
                continue;
            } else if (line.size() >= MAX_LINE) {
                garbled++;
                line.reset();
            } else {
                line.write(b);
            }
        }
        return replies;
    }

    private void finish(List<EzoReply> replies) {
        byte[] raw = line.toByteArray();
        line.reset();
        if (raw.length == 0) {
            return;
        }
        for (byte b : raw) {
            if (b < 0x20 || b > 0x7E) {
                garbled++;
                return;
            }
        }
        good++;
        replies.add(new EzoReply(new String(raw, StandardCharsets.US_ASCII)));
    }

    public void reset() {
        line.reset();
    }

    public long good() {
        return good;
    }

    public long garbled() {
        return garbled;
    }
}
