package org.envgate.drivers.senseairs8;

import org.envgate.drivers.SensorErrorException;

/** The S8 answered, but its meter status says its CO2 value is not valid. */
public class S8StatusException extends SensorErrorException {

    private final int status;

    public S8StatusException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The meter status register as read. */
    public int status() {
        return status;
    }
}
