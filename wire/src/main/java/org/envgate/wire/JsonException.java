package org.envgate.wire;

import java.io.IOException;

/**
 * JSON from outside that is refused: not strict JSON ({@link StrictJson}), or not the declared
 * shape of a message; the message says what is wrong and where.
 */
public class JsonException extends IOException {
    public JsonException(String message) {
        super(message);
    }
}
