package org.envgate.link;

import java.io.IOException;

/** The port went away while open: a USB adapter unplugged, a device server closed the connection. */
public class PortLostException extends IOException {
    public PortLostException(String message) {
        super(message);
    }

    public PortLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
