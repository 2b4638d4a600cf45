package org.envgate.link;

import java.io.IOException;

/**
 * The device at an I2C address did not acknowledge: nothing at that address, unpowered, a
 * wiring fault, or a device busy (an SHT3x measuring) or wedged.
 */
public class I2cNoAnswerException extends IOException {
    public I2cNoAnswerException(String message) {
        super(message);
    }

    public I2cNoAnswerException(String message, Throwable cause) {
        super(message, cause);
    }
}
