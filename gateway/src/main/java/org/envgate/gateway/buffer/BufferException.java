package org.envgate.gateway.buffer;

/** The reading buffer cannot be opened or written; the message names the file and the cause. */
public class BufferException extends Exception {
    public BufferException(String message, Throwable cause) {
        super(message, cause);
    }

    public BufferException(String message) {
        super(message);
    }
}
