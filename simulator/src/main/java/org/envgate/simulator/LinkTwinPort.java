package org.envgate.simulator;

import java.io.IOException;
import java.time.Duration;
import org.envgate.link.Link;

/** A twin on a serial device (e.g. one end of a pty pair), through the drivers' {@link Link}. */
final class LinkTwinPort implements TwinPort {

    private final Link link;

    LinkTwinPort(Link link) {
        this.link = link;
    }

    @Override
    public int read(byte[] buffer, Duration timeout) throws IOException {
        return link.read(buffer, 0, buffer.length, timeout);
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        link.write(bytes);
    }

    @Override
    public String gatewayPort() {
        return link.port();
    }

    @Override
    public void close() {
        link.close();
    }
}
