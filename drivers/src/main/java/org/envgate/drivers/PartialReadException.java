package org.envgate.drivers;

import java.util.List;

/**
 * A sample came in only in part: the sensor refused some of what it was asked (a Modbus slave
 * answering one block of registers with an exception) and answered the rest. The values it did
 * give are carried here and reported; the message names what is missing and why. The sensor is
 * in error until a read succeeds in full.
 */
public class PartialReadException extends SensorErrorException {

    private final List<Measurement> read;

    /** @param read the values that were read, never empty */
    public PartialReadException(String message, List<Measurement> read) {
        super(message);
        if (read.isEmpty()) {
            throw new IllegalArgumentException("a partial read has values");
        }
        this.read = List.copyOf(read);
    }

    /** The values that were read. */
    public List<Measurement> read() {
        return read;
    }
}
