package org.envgate.drivers.maxbotix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.envgate.drivers.FrameCounters;

/**
 * Finds range reports ({@code R}, exactly {@link RangeUnit#digits()} ASCII digits, CR) in the
 * serial output of a MaxBotix MaxSonar. Pure: no I/O, no clock.
 *
 * <p>There is no checksum. An {@code R} followed by anything else than the digits and CR (a torn
 * report, noise, or the wrong {@code range-unit}) is counted as malformed and the search resumes
 * after that {@code R}. Other bytes (e.g. the sensor's power-up banner) are skipped. A report may
 * arrive split over any number of {@link #feed} calls.
 */
public final class MaxbotixDecoder {

    private static final int START = 'R';
    private static final int END = '\r';

    private final RangeUnit unit;
    private final int size;
    private byte[] held = new byte[64];
    private int heldLength;
    private long good;
    private long malformed;

    public MaxbotixDecoder(RangeUnit unit) {
        this.unit = unit;
        this.size = unit.digits() + 2;
    }

    public List<MaxbotixRange> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Takes the next bytes of the stream and returns the reports they complete, oldest first. */
    public List<MaxbotixRange> feed(byte[] bytes, int offset, int length) {
        append(bytes, offset, length);
        List<MaxbotixRange> ranges = new ArrayList<>();
        int position = 0;
        while (true) {
            int start = indexOf(START, position);
            position = start;
            if (heldLength - start < size) {
                int bad = firstNonDigit(start + 1, heldLength);
                if (bad < heldLength) {
                    malformed++; // cut short: no need to wait for the rest
                    position = start + 1;
                    continue;
                }
                break;
            }
            int bad = firstNonDigit(start + 1, start + 1 + unit.digits());
            if (bad < start + 1 + unit.digits() || held[start + size - 1] != END) {
                malformed++;
                position = start + 1;
                continue;
            }
            ranges.add(new MaxbotixRange(Integer.parseInt(new String(held, start + 1, unit.digits(),
                    java.nio.charset.StandardCharsets.US_ASCII)), unit));
            good++;
            position = start + size;
        }
        drop(position);
        return ranges;
    }

    /** Forgets a partly received report, e.g. after the link's input was discarded. Counters stay. */
    public void reset() {
        heldLength = 0;
    }

    public FrameCounters counters() {
        return new FrameCounters(good, 0, malformed);
    }

    private int indexOf(int value, int from) {
        for (int i = from; i < heldLength; i++) {
            if (held[i] == value) {
                return i;
            }
        }
        return heldLength;
    }

    private int firstNonDigit(int from, int to) {
        for (int i = from; i < to; i++) {
            if (held[i] < '0' || held[i] > '9') {
                return i;
            }
        }
        return to;
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
