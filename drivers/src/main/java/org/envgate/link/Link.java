package org.envgate.link;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * A byte stream to one sensor or bus: a local serial port, or a serial device server over TCP.
 *
 * <p>A link does no framing: drivers frame. A link that has failed (the USB adapter was
 * unplugged, the device server closed the connection) throws {@link PortLostException}; it is
 * not reopened in place: the owner closes it and opens a new one through {@link Links}.
 */
public interface Link extends Closeable {

    /** The port as configured, e.g. {@code /dev/ttyAMA0} or {@code tcp://10.0.0.7:4001}. */
    String port();

    /**
     * Reads what is available, waiting up to {@code timeout} for the first byte.
     *
     * @return the number of bytes read, at least 1, or 0 when nothing arrived in time
     * @throws PortLostException when the port has gone away
     * @throws IOException when the link is closed, also when {@link #close()} is called from another
     *         thread while this read waits
     */
    int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException;

    /** Writes all bytes. */
    void write(byte[] bytes) throws IOException;

    /** Throws away whatever has been received and not yet read. */
    void discardInput() throws IOException;

    /** Releases the port so it can be opened again. Idempotent, and safe to call from any thread. */
    @Override
    void close();
}
