package org.envgate.gateway.demo;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/** An in-process MQTT broker (Moquette) on loopback, for the demo and the tests. */
public final class EmbeddedBroker implements AutoCloseable {

    /** Large enough for a full pack of readings: Moquette's default limit is about 8 KB. */
    private static final int MAX_MESSAGE_BYTES = 1 << 20;

    private final int port;
    private final Properties tls;
    private Server server;

    private EmbeddedBroker(int port, Properties tls) {
        this.port = port;
        this.tls = tls;
    }

    /** Starts on {@code port}; 0 picks a free one. */
    public static EmbeddedBroker start(int port) throws IOException {
        EmbeddedBroker broker = new EmbeddedBroker(port == 0 ? freePort() : port, new Properties());
        broker.restart();
        return broker;
    }

    /**
     * Starts with a TLS port beside the plain one, for tests of {@code ssl://} uplinks.
     *
     * @param keystore         a PKCS#12 or JKS keystore with the server's key and certificate chain,
     *                         and the CAs whose clients it trusts
     * @param requireClientCert whether a client must present a certificate those CAs signed
     */
    public static EmbeddedBroker startWithTls(java.nio.file.Path keystore, String password, boolean requireClientCert)
            throws IOException {
        Properties tls = new Properties();
        tls.setProperty("ssl_port", Integer.toString(freePort()));
        tls.setProperty("jks_path", keystore.toString());
        tls.setProperty("key_store_password", password);
        tls.setProperty("key_manager_password", password);
        tls.setProperty("need_client_auth", Boolean.toString(requireClientCert));
        EmbeddedBroker broker = new EmbeddedBroker(freePort(), tls);
        broker.restart();
        return broker;
    }

    /** The TLS port's URL; only for a broker started with {@link #startWithTls}. */
    public String sslUrl() {
        return "ssl://127.0.0.1:" + tls.getProperty("ssl_port");
    }

    static int freePort() {
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
        props.putAll(tls);
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
            endNettyWithoutQuietPeriod(server);
            server.stopServer();
            server = null;
        }
    }

    /**
     * Moquette stops its Netty event loops with Netty's default graceful shutdown, which waits a
     * quiet period of 2 s for late tasks after the connections are closed: every stop, in the demo
     * and in each test, took over 2 s. Shutting the loops down first with no quiet period makes
     * Moquette's own shutdown call find them already ending, and the stop take milliseconds. The
     * loops' fields are Moquette's private ones: if a Moquette version names them otherwise, the
     * stop is as slow as before, not wrong.
     */
    private static void endNettyWithoutQuietPeriod(Server server) {
        try {
            Object acceptor = privateField(server, Server.class, "acceptor");
            if (acceptor == null) {
                return;
            }
            for (String group : new String[] {"workerGroup", "bossGroup"}) {
                if (privateField(acceptor, acceptor.getClass(), group) instanceof EventExecutorGroup loops) {
                    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Logger.debug("embedded broker: Moquette's event loops not found ({}); its stop keeps Netty's 2 s quiet period",
                    e.toString());
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
