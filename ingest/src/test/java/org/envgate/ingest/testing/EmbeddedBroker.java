package org.envgate.ingest.testing;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Properties;

/** An in-process MQTT broker (Moquette 0.17) on loopback; as the gateway demo starts it. */
public final class EmbeddedBroker implements AutoCloseable {

    /** Large enough for a full pack of readings: Moquette's default limit is about 8 KB. */
    private static final int MAX_MESSAGE_BYTES = 1 << 20;

    private final int port;
    private Server server;

    private EmbeddedBroker(int port) {
        this.port = port;
    }

    /** Starts on {@code port}; 0 picks a free one. */
    public static EmbeddedBroker start(int port) throws IOException {
        EmbeddedBroker broker = new EmbeddedBroker(port == 0 ? freePort() : port);
        broker.restart();
        return broker;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on loopback", e);
        }
    }

    /** Starts again on the same port after {@link #stop()}, as a broker coming back after an outage. */
    public void restart() throws IOException {
        if (server != null) {
            return;
        }
        Properties props = new Properties();
        props.setProperty("host", "127.0.0.1");
        props.setProperty("port", Integer.toString(port));
        props.setProperty("allow_anonymous", "true");
        props.setProperty("persistence_enabled", "false");
        props.setProperty("telemetry_enabled", "false");
        props.setProperty("netty.mqtt.message_size", Integer.toString(MAX_MESSAGE_BYTES));
        props.setProperty("immediate_buffer_flush", "true");
        Server fresh = new Server();
        fresh.startServer(new MemoryConfig(props));
        server = fresh;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Stops the broker; every client connection drops. */
    public void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
