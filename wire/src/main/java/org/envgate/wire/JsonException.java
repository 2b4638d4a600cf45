package org.envgate.wire;

/** JSON that {@link StrictJson} refuses; the message says what is wrong and at which character. */
public class JsonException extends Exception {
    public JsonException(String message) {
        super(message);
    }
}
