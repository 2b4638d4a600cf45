package org.envgate.ingest.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * A plain TCP socket whose input passes through the {@link PayloadGuard}. It is a socket itself
 * rather than a wrapper, so everything but its input is the JDK's own.
 */
final class GuardedSocket extends Socket {

    private final PayloadGuard guard;
    private InputStream input;

    GuardedSocket(PayloadGuard guard) {
        this.guard = guard;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (input == null) {
            input = guard.guard(super.getInputStream());
        }
        return input;
    }
}
