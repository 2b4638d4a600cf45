package org.envgate.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder that a test can cut and restore (the network between a gateway and
 * its broker failing while the broker keeps running), and that can swallow what clients send: a
 * client that has gone silent, e.g. ingest stopped dead after writing to the store and before
 * its acknowledgements reached the broker.
 */
public final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean swallowing;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        ServerSocket first = bind(0);
        this.port = first.getLocalPort();
        start(first);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    private void start(ServerSocket listening) {
        server = listening;
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket("127.0.0.1", targetPort);
                    synchronized (sockets) {
                        // A connection accepted just before cut() must not outlive it.
                        if (listening.isClosed()) {
                            closeQuietly(client);
                            closeQuietly(upstream);
                            continue;
                        }
                        sockets.add(client);
                        sockets.add(upstream);
                    }
                    pump(client, upstream, true);
                    pump(upstream, client, false);
                } catch (IOException e) {
                    // closed by cut(), or the target refused: the client sees a dropped connection
                }
            }
        }, "proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (fromClient && swallowing) {
                        continue;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    /** From now on, bytes from clients are discarded; the target still sends to them. */
    public void swallowClientBytes() {
        swallowing = true;
    }

    /** Drops every connection and refuses new ones. */
    public void cut() {
        synchronized (sockets) {
            closeQuietly(server);
            sockets.forEach(TcpProxy::closeQuietly);
            sockets.clear();
        }
    }

    /** Accepts connections again on the same port. */
    public void restore() throws IOException {
        swallowing = false;
        // A closed listening socket frees its port only once the accepting thread has woken up.
        for (int attempt = 0; ; attempt++) {
            try {
                start(bind(port));
                return;
            } catch (java.net.BindException e) {
                if (attempt == 100) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
