package org.envgate.drivers;

import java.io.IOException;

/**
 * The sensor answered, but with an error (an EZO {@code *ER}, a Modbus exception, a fault bit in
 * a status register). The link is fine; the next read may succeed.
 */
public class SensorErrorException extends IOException {
    public SensorErrorException(String message) {
        super(message);
    }
}
