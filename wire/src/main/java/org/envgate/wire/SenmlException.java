package org.envgate.wire;

/** A SenML pack that cannot be accepted; the message says which record and why. */
public class SenmlException extends Exception {
    public SenmlException(String message) {
        super(message);
    }

    public SenmlException(String message, Throwable cause) {
        super(message, cause);
    }
}
