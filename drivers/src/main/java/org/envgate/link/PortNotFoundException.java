package org.envgate.link;

import java.io.IOException;

/** No device at the configured path, or nothing listening at the TCP address. */
public class PortNotFoundException extends IOException {
    public PortNotFoundException(String message) {
        super(message);
    }

    public PortNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
