package org.envgate.link;

import java.io.IOException;

/** The device exists but this user may not open it (on a Pi: add the user to the dialout group). */
public class PortAccessDeniedException extends IOException {
    public PortAccessDeniedException(String message) {
        super(message);
    }

    public PortAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
