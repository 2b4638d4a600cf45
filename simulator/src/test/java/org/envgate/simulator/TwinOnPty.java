package org.envgate.simulator;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envgate.link.SerialSettings;
import org.envgate.testing.PtyPair;

/**
 * A twin served on one end of a pty pair, for end-to-end tests of a real driver on the other end
 * ({@link #gatewayPort()}), with every sample the twin reported.
 */
public final class TwinOnPty implements AutoCloseable {

    private final PtyPair pty;
    private final TwinServer server;
    private final List<TwinSample> samples = new CopyOnWriteArrayList<>();

    public TwinOnPty(SensorTwin twin) throws IOException {
        twin.addListener(samples::add);
        pty = PtyPair.start();
        TwinServer started;
        try {
            started = TwinServer.serial(twin, pty.b(), SerialSettings.DEFAULT_9600_8N1);
        } catch (IOException | RuntimeException e) {
            pty.close();
            throw e;
        }
        server = started;
    }

    public String gatewayPort() {
        return pty.a();
    }

    public SensorTwin twin() {
        return server.twin();
    }

    public List<TwinSample> samples() {
        return samples;
    }

    @Override
    public void close() throws IOException {
        server.close();
        pty.close();
    }
}
