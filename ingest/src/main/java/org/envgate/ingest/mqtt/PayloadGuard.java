package org.envgate.ingest.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.envgate.ingest.net.ConnectingSocketFactory;

/**
 * Where ingest takes each message's payload off the socket (under TLS, after decryption), before
 * the MQTT client reads it: the client handles only a short stand-in, and the message's callback
 * swaps the stand-in back for the payload ({@link #claim}).
 * <ul>
 * <li>A payload within the size limit is read in one bulk copy. (Paho copies every payload twice,
 *     a byte at a time: at a few hundred thousand readings a second, the most work on its
 *     receiving thread.)</li>
 * <li>A payload over the limit is thrown away as it is read, never held in memory; the message
 *     still arrives with its topic, packet id and size, so it is dead-lettered and acknowledged
 *     like any other rejected message.</li>
 * </ul>
 * Paho passes every PUBLISH at QoS 0 or 1 to the callback, one at a time, in the order it read
 * them, and lets at most 10 wait: so the payloads taken wait in a queue in that order, and the
 * queue holds no more than Paho would.
 *
 * <p>One guard per connection.
 */
public final class PayloadGuard {

    private static final byte[] STAND_IN_PREFIX = "\u0000envgate-payload:".getBytes(StandardCharsets.US_ASCII);

    /** A payload as taken off the socket: its bytes, or only its size when over the limit. */
    public record Taken(byte[] payload, long oversize) {
        /** Whether the payload was over the limit, thrown away unread. */
        public boolean isOversize() {
            return oversize >= 0;
        }
    }

    private record Waiting(long number, Taken taken) {}

    private final long maxPayload;
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    /** Written by the receiving thread only. */
    private long taken;

    public PayloadGuard(long maxPayload) {
        this.maxPayload = maxPayload;
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
        return new PayloadGuardStream(in, maxPayload, new PayloadGuardStream.PayloadHandler() {
            @Override
            public byte[] oversize(long size) {
                return standIn(new Taken(new byte[0], size));
            }

            @Override
            public byte[] taken(byte[] payload) {
                return standIn(new Taken(payload, -1));
            }
        });
    }

    private byte[] standIn(Taken payload) {
        long number = ++taken;
        waiting.add(new Waiting(number, payload));
        return standIn(number);
    }

    private static byte[] standIn(long number) {
        byte[] digits = Long.toString(number).getBytes(StandardCharsets.US_ASCII);
        byte[] standIn = Arrays.copyOf(STAND_IN_PREFIX, STAND_IN_PREFIX.length + digits.length);
        System.arraycopy(digits, 0, standIn, STAND_IN_PREFIX.length, digits.length);
        return standIn;
    }

    /**
     * The payload a message's stand-in stands for, taken from the queue.
     *
     * @throws IllegalStateException if it is not the stand-in of the payload taken next: the
     *                               message is then not acknowledged, and Paho ends the connection
     */
    public Taken claim(byte[] standIn) {
        Waiting next = waiting.poll();
        if (next == null || !Arrays.equals(standIn, standIn(next.number()))) {
            throw new IllegalStateException("a message arrived whose payload was not taken in order off the connection"
                    + " (expected stand-in " + (next == null ? "none" : next.number()) + ")");
        }
        return next.taken();
    }

    /** Plain TCP sockets with the guard on their input. */
    private final class GuardedSocketFactory extends ConnectingSocketFactory {

        @Override
        public Socket createSocket() {
            return new GuardedSocket(PayloadGuard.this);
        }
    }

    private final class GuardedSslSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory tls;

        GuardedSslSocketFactory(SSLSocketFactory tls) {
            this.tls = tls;
        }

        private Socket guarded(Socket socket) {
            return new GuardedSslSocket((SSLSocket) socket, PayloadGuard.this);
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
