package org.envgate.drivers;

/** A model-specific option with a value the driver cannot use. */
public class OptionException extends RuntimeException {
    private final String key;

    public OptionException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
