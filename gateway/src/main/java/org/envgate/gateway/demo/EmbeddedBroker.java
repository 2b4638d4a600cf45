package org.envgate.gateway.demo;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Properties;

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
            server.stopServer();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
