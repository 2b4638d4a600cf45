package org.envgate.drivers;

/** A frame whose checksum does not match its bytes: noise on the line or a torn frame. */
public class ChecksumMismatchException extends FrameException {
    private final int expected;
    private final int actual;

    public ChecksumMismatchException(int expected, int actual) {
        super(String.format("checksum mismatch: computed 0x%04x, frame says 0x%04x", expected, actual));
        this.expected = expected;
        this.actual = actual;
    }

    /** The checksum computed over the frame's bytes. */
    public int expected() {
        return expected;
    }

    /** The checksum the frame carries. */
    public int actual() {
        return actual;
    }
}
