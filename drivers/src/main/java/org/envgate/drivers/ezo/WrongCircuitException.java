package org.envgate.drivers.ezo;

import java.io.IOException;

/** Another EZO circuit than the configured one answers on the port: a wiring or config mix-up. */
public class WrongCircuitException extends IOException {
    public WrongCircuitException(String message) {
        super(message);
    }
}
