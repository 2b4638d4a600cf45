package org.envgate.drivers.modbus;

import org.envgate.drivers.SensorErrorException;

/**
 * A slave answered with a value its probe cannot produce (outside the configured min/max, or
 * not a number): a failing probe or a wrong register map, never a reading.
 */
public class ValueOutOfRangeException extends SensorErrorException {
    public ValueOutOfRangeException(String message) {
        super(message);
    }
}
