package org.envgate.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A twin behind a TCP port, like a serial device server: one client at a time, and a new client
 * replaces the old one (a gateway that reconnects must not find the port taken by its own ghost).
 */
final class TcpTwinPort implements TwinPort {

    private final String host;
    private final AtomicReference<Socket> client = new AtomicReference<>();
    private volatile ServerSocket server;
    private volatile int port;
    private Thread acceptor;

    TcpTwinPort(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        replug();
    }

    /** Listens again on the same port (the one first picked, when asked for any free one). */
    @Override
    public synchronized void replug() throws IOException {
        if (server != null && !server.isClosed()) {
            return;
        }
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(host, port));
        server = listening;
        port = listening.getLocalPort();
        acceptor = new Thread(() -> acceptClients(listening), "twin-tcp-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes the listener and the connection, as a device server that lost power. */
    @Override
    public synchronized void unplug() {
        ServerSocket listening = server;
        if (listening == null || listening.isClosed()) {
            return;
        }
        try {
            listening.close();
            Socket socket = client.getAndSet(null);
            if (socket != null) {
                socket.close();
            }
            acceptor.join(1000);
        } catch (IOException e) {
            System.err.println("twin on " + gatewayPort() + ": close failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptClients(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket accepted = server.accept();
                accepted.setTcpNoDelay(true);
                Socket previous = client.getAndSet(accepted);
                if (previous != null) {
                    previous.close();
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("twin on " + gatewayPort() + ": accept failed: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public int read(byte[] buffer, Duration timeout) throws IOException {
        Socket socket = client.get();
        if (socket == null) {
            pause(timeout);
            return 0;
        }
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            int count = socket.getInputStream().read(buffer);
            if (count < 0) {
                drop(socket);
                return 0;
            }
            return count;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            drop(socket);
            return 0;
        }
    }

    @Override
    public void write(byte[] bytes) {
        Socket socket = client.get();
        if (socket == null) {
            return;
        }
        try {
            socket.getOutputStream().write(bytes);
        } catch (IOException e) {
            drop(socket);
        }
    }

    @Override
    public String gatewayPort() {
        InetAddress address = server.getInetAddress();
        String shown = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        return "tcp://" + shown + ":" + port;
    }

    @Override
    public void close() {
        unplug();
    }

    /** Forgets a client that went away, unless a newer one already replaced it. */
    private void drop(Socket socket) {
        if (client.compareAndSet(socket, null)) {
            try {
                socket.close();
            } catch (IOException e) {
                System.err.println("twin on " + gatewayPort() + ": closing a lost client failed: " + e.getMessage());
            }
        }
    }

    private static void pause(Duration timeout) {
        try {
            Thread.sleep(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
