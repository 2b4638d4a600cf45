package org.envgate.drivers.sds011;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.envgate.drivers.FrameCounters;

/**
 * Turns the byte stream of an SDS011 into messages. Pure: no I/O, no clock.
 *
 * <p>Framing rule: a message starts at {@code AA C0} (data) or {@code AA C5} (reply) and is 10
 * bytes long. One whose tenth byte is not the tail {@code AB} is malformed; one whose checksum
 * does not match is a checksum error. Both are counted and dropped, and the search resumes at the
 * byte after their {@code AA}, so a good message behind a torn one is still found. Bytes between
 * messages are skipped. A message may arrive split over any number of {@link #feed} calls.
 */
public final class Sds011Decoder {

    private byte[] held = new byte[4 * Sds011Message.SIZE];
    private int heldLength;
    private long good;
    private long checksumErrors;
    private long malformed;
    private long replies;

    public List<Sds011Message> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Takes the next bytes of the stream and returns the messages they complete, oldest first. */
    public List<Sds011Message> feed(byte[] bytes, int offset, int length) {
        append(bytes, offset, length);
        List<Sds011Message> messages = new ArrayList<>();
        int position = 0;
        while (true) {
            int start = indexOfStart(position);
            position = start;
            if (heldLength - start < Sds011Message.SIZE) {
                break; // wait for the rest
            }
            if ((held[start + 9] & 0xFF) != Sds011Message.TAIL) {
                malformed++;
                position = start + 1;
                continue;
            }
            if (Sds011Message.checksum(held, start + 2, start + 8) != (held[start + 8] & 0xFF)) {
                checksumErrors++;
                position = start + 1;
                continue;
            }
            if ((held[start + 1] & 0xFF) == Sds011Message.DATA) {
                messages.add(Sds011Frame.fields(held, start));
                good++;
            } else {
                messages.add(Sds011Reply.fields(held, start));
                replies++;
            }
            position = start + Sds011Message.SIZE;
        }
        drop(position);
        return messages;
    }

    /** Forgets a partly received message, e.g. after the link's input was discarded. Counters stay. */
    public void reset() {
        heldLength = 0;
    }

    /** Good data frames, checksum errors and malformed messages; replies are not counted here. */
    public FrameCounters counters() {
        return new FrameCounters(good, checksumErrors, malformed);
    }

    /** Valid replies to commands seen. */
    public long replies() {
        return replies;
    }

    /** The next {@code AA C0} or {@code AA C5}, or an {@code AA} at the very end, or the end. */
    private int indexOfStart(int from) {
        for (int i = from; i < heldLength; i++) {
            if ((held[i] & 0xFF) == Sds011Message.HEAD) {
                if (i + 1 == heldLength) {
                    return i;
                }
                int kind = held[i + 1] & 0xFF;
                if (kind == Sds011Message.DATA || kind == Sds011Message.REPLY) {
                    return i;
                }
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
