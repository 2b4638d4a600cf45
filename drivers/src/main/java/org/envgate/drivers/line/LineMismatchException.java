package org.envgate.drivers.line;

import org.envgate.drivers.MalformedFrameException;

/** A line that does not fit the configured format: too few fields, no match, a field that is not a number. */
public final class LineMismatchException extends MalformedFrameException {
    public LineMismatchException(String message) {
        super(message);
    }
}
