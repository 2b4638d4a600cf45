package org.envgate.drivers.pulse;

import org.envgate.drivers.SensorTimeoutException;

/**
 * More pulses in an interval than the sensor can produce: electrical noise on the cable, a
 * missing pull-up, or a wrong debounce. The interval's count is dropped, never reported.
 */
public class PulseBurstException extends SensorTimeoutException {
    public PulseBurstException(String message) {
        super(message);
    }
}
