package org.envgate.simulator;

import java.io.IOException;
import java.time.Duration;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;

/** A twin on a serial device (e.g. one end of a pty pair), through the drivers' {@link Link}. */
final class LinkTwinPort implements TwinPort {

    private final String path;
    private final SerialSettings settings;
    private volatile Link link;

    LinkTwinPort(String path, SerialSettings settings) throws IOException {
        this.path = path;
        this.settings = settings;
        this.link = Links.open(path, settings);
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
        return path;
    }

    /** Closes the device; the gateway's side of a pty pair stays, so {@link PtyTwinPort} also ends the pair. */
    @Override
    public void unplug() {
        link.close();
    }

    @Override
    public void replug() throws IOException {
        link = Links.open(path, settings);
    }

    @Override
    public void close() {
        link.close();
    }
}
