package org.envgate.drivers;

import java.io.IOException;

/** The sensor gave no valid answer in time: silent, wrong baud, or only corrupt frames. */
public class SensorTimeoutException extends IOException {
    public SensorTimeoutException(String message) {
        super(message);
    }
}
