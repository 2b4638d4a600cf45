package org.envgate.simulator;

import java.io.IOException;
import java.time.Duration;

/** Where a {@link TwinServer} exchanges bytes with the gateway: a serial port or a TCP client. */
interface TwinPort extends AutoCloseable {

    /** Reads what the gateway wrote, waiting up to {@code timeout}; 0 when nothing came. */
    int read(byte[] buffer, Duration timeout) throws IOException;

    /** Sends bytes to the gateway, or drops them when nobody is connected, as an open wire would. */
    void write(byte[] bytes) throws IOException;

    /** What a gateway config's {@code port:} should say to reach this. */
    String gatewayPort();

    /** Takes the port away from the gateway, as pulling out its cable or adapter would. */
    void unplug();

    /** Brings the port back at the same place after {@link #unplug()}. */
    void replug() throws IOException;

    @Override
    void close();
}
