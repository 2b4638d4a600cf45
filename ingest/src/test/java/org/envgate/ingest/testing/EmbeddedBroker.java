package org.envgate.ingest.testing;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** An in-process MQTT broker (Moquette 0.17) on loopback; as the gateway demo starts it. */
public final class EmbeddedBroker implements AutoCloseable {

    /** Large enough for a full pack of readings: Moquette's default limit is about 8 KB. */
    private static final int MAX_MESSAGE_BYTES = 1 << 20;

    /** The password of the key store of {@link #startWithTls}. */
    public static final String KEY_STORE_PASSWORD = "broker";

    private final int port;
    private final int maxMessageBytes;
    private final Path keyStore;
    private final int sslPort;
    private Server server;

    private EmbeddedBroker(int port, int maxMessageBytes, Path keyStore) {
        this.port = port;
        this.maxMessageBytes = maxMessageBytes;
        this.keyStore = keyStore;
        this.sslPort = keyStore == null ? 0 : freePort();
    }

    /** Starts on {@code port}; 0 picks a free one. */
    public static EmbeddedBroker start(int port) throws IOException {
        return start(port, MAX_MESSAGE_BYTES, null);
    }

    /**
     * Takes messages up to {@code maxMessageBytes}, and with a PKCS#12 {@code keyStore} (password
     * {@link #KEY_STORE_PASSWORD}) also TLS at {@link #sslUrl()}.
     */
    public static EmbeddedBroker startWithTls(int maxMessageBytes, Path keyStore) throws IOException {
        return start(0, maxMessageBytes, keyStore);
    }

    /** Takes messages up to {@code maxMessageBytes}. */
    public static EmbeddedBroker startTaking(int maxMessageBytes) throws IOException {
        return start(0, maxMessageBytes, null);
    }

    private static EmbeddedBroker start(int port, int maxMessageBytes, Path keyStore) throws IOException {
        EmbeddedBroker broker = new EmbeddedBroker(port == 0 ? freePort() : port, maxMessageBytes, keyStore);
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
        props.setProperty("netty.mqtt.message_size", Integer.toString(maxMessageBytes));
        if (keyStore != null) {
            props.setProperty("ssl_port", Integer.toString(sslPort));
            props.setProperty("jks_path", keyStore.toString());
            props.setProperty("key_store_type", "pkcs12");
            props.setProperty("key_store_password", KEY_STORE_PASSWORD);
            props.setProperty("key_manager_password", KEY_STORE_PASSWORD);
        }
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

    public String sslUrl() {
        return "ssl://127.0.0.1:" + sslPort;
    }

    /** Stops the broker; every client connection drops. */
    public void stop() {
        if (server != null) {
            endNettyWithoutQuietPeriod(server);
            server.stopServer();
            server = null;
        }
    }

    /**
     * Moquette stops its Netty event loops with Netty's default graceful shutdown, which waits a
     * quiet period of 2 s after the connections are closed; ended first with none, the stop takes
     * milliseconds (as the gateway's embedded broker does). Should a Moquette version name its
     * loops otherwise, the stop is as slow as before.
     */
    private static void endNettyWithoutQuietPeriod(Server server) {
        try {
            Object acceptor = privateField(server, Server.class, "acceptor");
            for (String group : new String[] {"workerGroup", "bossGroup"}) {
                if (acceptor != null && privateField(acceptor, acceptor.getClass(), group) instanceof EventExecutorGroup loops) {
                    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("embedded broker: Moquette's event loops not found (" + e + "); its stop keeps the 2 s quiet period");
        }
    }

    private static Object privateField(Object owner, Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }

    @Override
    public void close() {
        stop();
    }
}
