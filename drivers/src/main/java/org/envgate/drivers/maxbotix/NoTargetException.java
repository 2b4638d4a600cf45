package org.envgate.drivers.maxbotix;

import org.envgate.drivers.SensorErrorException;

/**
 * The sensor sent its maximum reading, which means it heard no echo: nothing in range, a target
 * too soft or too slanted, or a blocked transducer. Never a distance.
 */
public class NoTargetException extends SensorErrorException {
    public NoTargetException(String message) {
        super(message);
    }
}
