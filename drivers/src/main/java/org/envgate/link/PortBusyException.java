package org.envgate.link;

import java.io.IOException;

/** Another process holds the port (a serial console, ModemManager, a second gateway). */
public class PortBusyException extends IOException {
    public PortBusyException(String message) {
        super(message);
    }

    public PortBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
