package org.envgate.drivers;

import java.io.IOException;

/** One frame read from a sensor could not be used; the subclass says why. */
public abstract class FrameException extends IOException {
    protected FrameException(String message) {
        super(message);
    }
}
