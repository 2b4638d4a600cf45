package org.envgate.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

import jdk.net.ExtendedSocketOptions;

/**
 * A serial device server in raw TCP server mode (USR-TCP232, Moxa NPort, the simulator), addressed
 * as {@code tcp://host:port}, or a Modbus TCP device, {@code modbus-tcp://host:port}. The device
 * server has its own line settings, so none are applied here.
 */
final class TcpLink implements Link {

    private static final int CONNECT_TIMEOUT_MS = 5000;
    // A device server that loses power sends nothing; keepalive probes notice within about a minute.
    private static final int KEEPALIVE_IDLE_S = 30;
    private static final int KEEPALIVE_INTERVAL_S = 10;
    private static final int KEEPALIVE_COUNT = 3;

    private final String port;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean closed;

    private TcpLink(String port, Socket socket) throws IOException {
        this.port = port;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static TcpLink open(String port) throws IOException {
        InetSocketAddress address = address(port);
        if (address.isUnresolved()) {
            throw new PortNotFoundException(port + ": unknown host " + address.getHostString());
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE_S);
                socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_S);
                socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_COUNT);
            }
            socket.connect(address, CONNECT_TIMEOUT_MS);
            return new TcpLink(port, socket);
        } catch (IOException e) {
            socket.close();
            throw new PortNotFoundException(port + ": cannot connect (" + e.getMessage() + ")", e);
        }
    }

    /** Parses {@code tcp://host:port} or {@code modbus-tcp://host:port} and resolves the host. */
    static InetSocketAddress address(String port) {
        URI uri;
        try {
            uri = new URI(port);
        } catch (URISyntaxException e) {
            throw malformed(port);
        }
        boolean wellFormed = ("tcp".equalsIgnoreCase(uri.getScheme()) || "modbus-tcp".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null
                && uri.getPort() >= 1 && uri.getPort() <= 65535
                && uri.getRawUserInfo() == null
                && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null;
        if (!wellFormed) {
            throw malformed(port);
        }
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    private static IllegalArgumentException malformed(String port) {
        return new IllegalArgumentException("port " + port + " must be tcp://host:port or modbus-tcp://host:port, with port 1 to 65535");
    }

    @Override
    public String port() {
        return port;
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        int n;
        try {
            long millis = Math.min(Integer.MAX_VALUE, (timeout.toNanos() + 999_999) / 1_000_000);
            // SO_TIMEOUT 0 would mean "wait forever": a zero timeout only takes what is already there.
            if (length == 0 || (millis <= 0 && in.available() == 0)) {
                return 0;
            }
            socket.setSoTimeout((int) Math.max(1, millis));
            n = in.read(buffer, offset, length);
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            throw failure(e);
        }
        if (n < 0) {
            throw new PortLostException(port + ": connection closed by the device server");
        }
        return n;
    }

    /** How many received bytes can be read without waiting. */
    int available() throws IOException {
        try {
            return in.available();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void discardInput() throws IOException {
        try {
            for (int n = in.available(); n > 0; n = in.available()) {
                in.skip(n);
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private IOException failure(IOException e) {
        if (closed) {
            return new IOException(port + ": link is closed", e);
        }
        return new PortLostException(port + ": connection lost (" + e.getMessage() + ")", e);
    }

    /** Idempotent; a read waiting in another thread ends at once with an IOException. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // The descriptor is released even when close reports an error: nothing is left to release.
        }
    }

    @Override
    public String toString() {
        return "tcp " + port;
    }
}
