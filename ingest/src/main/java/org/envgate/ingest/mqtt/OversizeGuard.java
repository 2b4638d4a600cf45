package org.envgate.ingest.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.envgate.ingest.net.ConnectingSocketFactory;

/**
 * The size limit on messages, applied where the bytes come off the socket (under TLS, after
 * decryption), before the MQTT client reads a payload into memory: a PUBLISH whose payload is
 * over the limit reaches the client with a short marker in its place, which names the size and
 * carries a random nonce of this connection, so no sender can publish a marker of its own.
 * The message still arrives with its topic and packet id, so it is dead-lettered and
 * acknowledged like any other rejected message.
 *
 * <p>One guard per connection.
 */
public final class OversizeGuard {

    private final long maxPayload;
    private final byte[] markerPrefix;

    public OversizeGuard(long maxPayload, SecureRandom random) {
        this.maxPayload = maxPayload;
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        this.markerPrefix = ("\u0000envgate-oversize:" + HexFormat.of().formatHex(nonce) + ":")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The largest payload passed on whole. */
    public long maxPayload() {
        return maxPayload;
    }

    /**
     * Sockets with the guard on their input: plain TCP sockets for {@code null} (a {@code tcp://}
     * broker), or the sockets of a TLS factory, which stay TLS sockets.
     */
    public SocketFactory wrap(SocketFactory tlsOrNull) {
        if (tlsOrNull == null) {
            return new GuardedSocketFactory();
        }
        if (tlsOrNull instanceof SSLSocketFactory tls) {
            return new GuardedSslSocketFactory(tls);
        }
        throw new IllegalArgumentException("only TLS socket factories are guarded, not " + tlsOrNull.getClass().getName());
    }

    InputStream guard(InputStream in) {
        return new OversizeGuardStream(in, maxPayload, this::marker);
    }

    byte[] marker(long size) {
        byte[] digits = Long.toString(size).getBytes(StandardCharsets.US_ASCII);
        byte[] marker = new byte[markerPrefix.length + digits.length];
        System.arraycopy(markerPrefix, 0, marker, 0, markerPrefix.length);
        System.arraycopy(digits, 0, marker, markerPrefix.length, digits.length);
        return marker;
    }

    /** The size of the message a payload stands for if it is this guard's marker, else -1. */
    public long oversize(byte[] payload) {
        if (payload.length <= markerPrefix.length || payload.length > markerPrefix.length + 19) {
            return -1;
        }
        for (int i = 0; i < markerPrefix.length; i++) {
            if (payload[i] != markerPrefix[i]) {
                return -1;
            }
        }
        try {
            return Long.parseLong(new String(payload, markerPrefix.length, payload.length - markerPrefix.length,
                    StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Plain TCP sockets with the guard on their input. */
    private final class GuardedSocketFactory extends ConnectingSocketFactory {

        @Override
        public Socket createSocket() {
            return new GuardedSocket(OversizeGuard.this);
        }
    }

    private final class GuardedSslSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory tls;

        GuardedSslSocketFactory(SSLSocketFactory tls) {
            this.tls = tls;
        }

        private Socket guarded(Socket socket) {
            return new GuardedSslSocket((SSLSocket) socket, OversizeGuard.this);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return guarded(tls.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return guarded(tls.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return guarded(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return guarded(tls.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return guarded(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return guarded(tls.createSocket(address, port, localAddress, localPort));
        }
    }
}
