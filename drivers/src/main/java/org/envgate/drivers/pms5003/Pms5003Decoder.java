package org.envgate.drivers.pms5003;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.envgate.drivers.FrameCounters;

/**
 * Turns the byte stream of a PMS5003/PMS7003, PMS5003T or PMS5003ST into data frames of its
 * {@link Pms5003Layout}. Pure: no I/O, no clock.
 *
 * <p>Framing rule: a frame starts at {@code 42 4D}; its length field says the layout's (28 for a
 * 32-byte data frame, 36 for the PMS5003ST's 40 bytes) or 4 (an 8-byte answer to a command,
 * skipped without counting as an error). Anything else is a malformed frame. A frame whose checksum does not match is counted and dropped. After
 * a malformed or corrupt frame the search resumes at the byte after its {@code 42}, so a real
 * frame that started inside garbage or a torn frame is still found. Bytes between frames are
 * skipped. A frame may arrive split over any number of {@link #feed} calls.
 */
public final class Pms5003Decoder {

    private final Pms5003Layout layout;
    private byte[] held;
    private int heldLength;
    private long good;
    private long checksumErrors;
    private long malformed;
    private long answers;

    /** A decoder of PMS5003/PMS7003 frames. */
    public Pms5003Decoder() {
        this(Pms5003Layout.PMS5003);
    }

    public Pms5003Decoder(Pms5003Layout layout) {
        this.layout = layout;
        this.held = new byte[2 * layout.size()];
    }

    public List<Pms5003Frame> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Takes the next bytes of the stream and returns the data frames they complete, oldest first. */
    public List<Pms5003Frame> feed(byte[] bytes, int offset, int length) {
        append(bytes, offset, length);
        List<Pms5003Frame> frames = new ArrayList<>();
        int position = 0;
        while (true) {
            int start = indexOfStart(position);
            position = start;
            if (heldLength - start < 4) {
                break; // wait for the length field
            }
            int size = frameSize(Pms5003Frame.u16(held, start + 2));
            if (size == 0) {
                malformed++;
                position = start + 1;
                continue;
            }
            if (heldLength - start < size) {
                break; // wait for the rest of the frame
            }
            int computed = Pms5003Frame.checksum(held, start, size - 2);
            if (computed != Pms5003Frame.u16(held, start + size - 2)) {
                checksumErrors++;
                position = start + 1;
                continue;
            }
            if (size == layout.size()) {
                frames.add(Pms5003Frame.fields(held, start, layout));
                good++;
            } else {
                answers++;
            }
            position = start + size;
        }
        drop(position);
        return frames;
    }

    /** Forgets a partly received frame, e.g. after the link's input was discarded. Counters stay. */
    public void reset() {
        heldLength = 0;
    }

    public FrameCounters counters() {
        return new FrameCounters(good, checksumErrors, malformed);
    }

    /** Valid answers to commands (length 4) seen and skipped. */
    public long answers() {
        return answers;
    }

    /** The size of a frame with this length field, or 0 when no frame has that length. */
    private int frameSize(int lengthField) {
        if (lengthField == layout.lengthField()) {
            return layout.size();
        }
        if (lengthField == Pms5003Commands.ANSWER_LENGTH) {
            return Pms5003Commands.ANSWER_SIZE;
        }
        return 0;
    }

    /** The next {@code 42 4D}, or a {@code 42} at the very end (its {@code 4D} may come next), or the end. */
    private int indexOfStart(int from) {
        for (int i = from; i < heldLength; i++) {
            if ((held[i] & 0xFF) == Pms5003Frame.START_1
                    && (i + 1 == heldLength || (held[i + 1] & 0xFF) == Pms5003Frame.START_2)) {
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
