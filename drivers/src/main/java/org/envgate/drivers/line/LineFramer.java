package org.envgate.drivers.line;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an instrument's byte stream into lines. Pure: no I/O, no clock.
 *
 * <p>Bytes are taken as ISO-8859-1 (each byte one character), so any byte is a character and
 * none is lost or merged. A CR counts towards the bound until the LF ending its line drops it.
 * A line longer than the bound is never held: its bytes are dropped as
 * they come, up to its terminator, and it counts as one overlong line, so hostile or
 * misconfigured input (a wrong baud rate, a stream with no terminator) costs at most the bound
 * in memory. Empty lines are skipped. A line may arrive split over any number of {@link #feed} calls.
 */
public final class LineFramer {

    private final LineTerminator terminator;
    private final char[] line;
    private int length;
    private boolean overlong;
    private boolean afterCr;
    private long lines;
    private long overlongLines;

    /**
     * @param maxLength the most characters a line may hold, terminator not counted
     */
    public LineFramer(LineTerminator terminator, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("a line holds at least 1 character, not " + maxLength);
        }
        this.terminator = terminator;
        this.line = new char[maxLength];
    }

    public List<String> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Takes the next bytes of the stream and returns the lines they complete, oldest first, without terminators. */
    public List<String> feed(byte[] bytes, int offset, int count) {
        List<String> complete = new ArrayList<>();
        for (int i = offset; i < offset + count; i++) {
            char c = (char) (bytes[i] & 0xFF);
            boolean lf = c == '\n';
            boolean cr = c == '\r';
            if (terminator == LineTerminator.CR ? cr : lf) {
                end(complete);
            } else if (!(terminator == LineTerminator.CR && lf && afterCr)) { // not the LF of a CRLF ended at its CR
                append(c);
            }
            afterCr = cr;
        }
        return complete;
    }

    /** Forgets a partly received line, e.g. after the link's input was discarded. Counters stay. */
    public void reset() {
        length = 0;
        overlong = false;
        afterCr = false;
    }

    /** Non-empty lines completed within the bound. */
    public long lines() {
        return lines;
    }

    /** Lines longer than the bound, dropped. */
    public long overlongLines() {
        return overlongLines;
    }

    private void append(char c) {
        if (length == line.length) {
            overlong = true;
            return;
        }
        line[length++] = c;
    }

    private void end(List<String> complete) {
        if (terminator == LineTerminator.LF && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (overlong) {
            overlongLines++;
        } else if (length > 0) {
            complete.add(new String(line, 0, length));
            lines++;
        }
        length = 0;
        overlong = false;
    }
}
