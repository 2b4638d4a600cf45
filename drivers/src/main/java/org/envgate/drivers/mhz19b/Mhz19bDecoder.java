package org.envgate.drivers.mhz19b;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.envgate.drivers.FrameCounters;

/**
 * Finds the answers to reads ({@code FF 86} and 7 more bytes) in the byte stream of an MH-Z19B.
 * Pure: no I/O, no clock.
 *
 * <p>An answer whose checksum does not match is counted and dropped, and the search resumes at
 * the byte after its {@code FF}, so a good answer behind a torn one is still found. Other bytes
 * are skipped. The protocol has no length field or tail, so nothing is "malformed": a torn answer
 * shows as a checksum error once the next bytes complete its nine. An answer may arrive split
 * over any number of {@link #feed} calls.
 */
public final class Mhz19bDecoder {

    private byte[] held = new byte[4 * Mhz19bCommands.SIZE];
    private int heldLength;
    private long good;
    private long checksumErrors;

    public List<Mhz19bReading> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Takes the next bytes of the stream and returns the readings they complete, oldest first. */
    public List<Mhz19bReading> feed(byte[] bytes, int offset, int length) {
        append(bytes, offset, length);
        List<Mhz19bReading> readings = new ArrayList<>();
        int position = 0;
        while (true) {
            int start = indexOfStart(position);
            position = start;
            if (heldLength - start < Mhz19bCommands.SIZE) {
                break;
            }
            if (Mhz19bCommands.checksum(held, start) != (held[start + 8] & 0xFF)) {
                checksumErrors++;
                position = start + 1;
                continue;
            }
            readings.add(Mhz19bReading.fields(held, start));
            good++;
            position = start + Mhz19bCommands.SIZE;
        }
        drop(position);
        return readings;
    }

    /** Forgets a partly received answer, e.g. after the link's input was discarded. Counters stay. */
    public void reset() {
        heldLength = 0;
    }

    public FrameCounters counters() {
        return new FrameCounters(good, checksumErrors, 0);
    }

    /** The next {@code FF 86}, or an {@code FF} at the very end, or the end. */
    private int indexOfStart(int from) {
        for (int i = from; i < heldLength; i++) {
            if ((held[i] & 0xFF) == Mhz19bCommands.START
                    && (i + 1 == heldLength || (held[i + 1] & 0xFF) == Mhz19bCommands.READ_CO2)) {
                return i;
            }
        }
        return heldLength;
    }

    private void append(byte[] bytes, int offset, int length) {
        if (heldLength + length > held.length) {
            held = Arrays.copyOf(held, Math.max(2 * held.length, heldLength + length));
        }
        System.arraycopy(bytes, offset, held, heldLength, length);
        heldLength += length;
    }

    private void drop(int count) {
        System.arraycopy(held, count, held, 0, heldLength - count);
        heldLength -= count;
    }
}
