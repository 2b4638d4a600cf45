package org.envgate.drivers;

/** Bytes that are not a frame of the expected shape: wrong size, start characters or length field. */
public class MalformedFrameException extends FrameException {
    public MalformedFrameException(String message) {
        super(message);
    }
}
